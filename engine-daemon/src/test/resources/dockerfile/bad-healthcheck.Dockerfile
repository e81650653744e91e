FROM x
HEALTHCHECK --retries=0 CMD true
