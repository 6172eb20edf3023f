import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProjectionRunner } from '@wharf/projections';
import { TenantEntity } from './tenant.entity';

/** Queries over the tenant read model, with read-your-writes against the stream. */
@Injectable()
export class TenantReadModel {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * The tenant with `slug`, or null. A tenant created a moment ago (possibly by another instance)
   * may not be projected yet: on a miss the read model first catches up with the stream.
   */
  async find(slug: string): Promise<TenantEntity | null> {
    const row = await this.tenants.findOneBy({ slug });
    if (row !== null) return row;
    await this.runner.catchUp();
    return this.tenants.findOneBy({ slug });
  }

  /**
   * The tenant with `slug` as of stream sequence `seq` or later: what a request that just wrote
   * (or read its aggregate at) `seq` answers with.
   */
  async findAsOf(slug: string, seq: number): Promise<TenantEntity | null> {
    await this.runner.waitFor(seq);
    return this.tenants.findOneBy({ slug });
  }

  /** Every tenant, oldest first, including all created before the call. */
  async all(): Promise<TenantEntity[]> {
    await this.runner.catchUp();
    return this.tenants.find({ order: { seq: 'ASC' } });
  }
}
