-- Old sign-in failures are pruned by time on every new failure.
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);
