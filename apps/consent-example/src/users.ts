/** The demo user of the example. A real login UI asks its own user database or identity provider. */
const USERS = [{ email: 'foo@bar.com', password: 'foobar', name: 'Foo Bar' }];

export interface User {
  readonly email: string;
  readonly name: string;
}

export function authenticate(email: string, password: string): User | undefined {
  const user = USERS.find(
    (candidate) => candidate.email === email && candidate.password === password,
  );
  return user ? { email: user.email, name: user.name } : undefined;
}

export function findUser(email: string): User | undefined {
  const user = USERS.find((candidate) => candidate.email === email);
  return user ? { email: user.email, name: user.name } : undefined;
}
