__version__ = "0.0.1"

# The one hand-written line of the package (nbdev owns only `__version__` here): bundled models by name at the top level.
from .pretrained import load_pretrained, available_pretrained
