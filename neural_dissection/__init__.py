__version__ = "0.0.1"

# The one hand-written part of the package (nbdev owns only `__version__` here): the registry's loaders at the top
# level, imported on first use so that `import neural_dissection` (and every console script's --help) stays light.
def __getattr__(name):
    if name in ('load_model', 'load_pretrained', 'available_pretrained', 'register_model'):
        from . import models
        return getattr(models, name)
    raise AttributeError(f"module 'neural_dissection' has no attribute {name!r}")
