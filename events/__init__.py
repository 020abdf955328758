"""Transfer Fair: technology-transfer fairs end to end."""

import os

# Piccolo's tooling (migrations) finds its configuration through this variable.
os.environ.setdefault("PICCOLO_CONF", "events.piccolo_conf")
# Matching multiplies a 5,000 × 384 matrix by one vector per request: one thread does it in about a millisecond,
# while OpenBLAS's default thread pool spins against the workers on a busy machine (ten times slower). Set before
# numpy is first imported; an OPENBLAS_NUM_THREADS already in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
