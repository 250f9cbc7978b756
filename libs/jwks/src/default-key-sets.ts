/** Hydra's key sets: ID tokens, and JWT access tokens (hydra-compat §4.2, §4.3). */
export const ID_TOKEN_KEY_SET = 'hydra.openid.id-token';
export const ACCESS_TOKEN_KEY_SET = 'hydra.jwt.access-token';
