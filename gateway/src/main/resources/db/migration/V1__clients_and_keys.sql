-- Registered machine clients of the OAuth 2.0 client-credentials grant.
CREATE TABLE client (
    client_id   TEXT        PRIMARY KEY,
    secret_hash TEXT,                        -- bcrypt; null for clients that authenticate with a key only
    public_jwk  TEXT,                        -- for private_key_jwt client assertions (RFC 7523)
    role        TEXT        NOT NULL CHECK (role IN ('operator', 'ccg', 'supplier')),
    org         TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (secret_hash IS NOT NULL OR public_jwk IS NOT NULL),
    CHECK (role = 'operator' OR org IS NOT NULL)
);

-- jti of client assertions already used: a replay is refused until the assertion has expired.
CREATE TABLE used_assertion (
    jti        TEXT        PRIMARY KEY,
    client_id  TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- The gateway's token signing keys (RS256); the newest signs, all are published in the JWKS.
CREATE TABLE signing_key (
    kid         TEXT        PRIMARY KEY,
    private_pem TEXT        NOT NULL,
    public_jwk  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
