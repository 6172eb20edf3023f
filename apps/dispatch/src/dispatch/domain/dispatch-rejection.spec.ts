import { DispatchRejection } from './dispatch-rejection';

describe('a dispatch rejection', () => {
  it('is an Error carrying the HTTP status it maps to and the reason', () => {
    const rejection = new DispatchRejection(409, 'step run "s-1" already failed');
    expect(rejection).toBeInstanceOf(Error);
    expect(rejection).toBeInstanceOf(DispatchRejection);
    expect(rejection.status).toBe(409);
    expect(rejection.message).toBe('step run "s-1" already failed');
    expect(rejection.name).toBe('DispatchRejection');
  });
});
