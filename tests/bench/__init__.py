"""Page benchmark against a large seeded organisation; run with ``make bench``."""
