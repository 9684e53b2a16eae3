"""d2lmini: the Dive into Deep Learning helpers that the RMSProp chapter uses.

Use it like the d2l package, with the framework of your choice::

    from d2lmini import torch as d2l       # or: from d2lmini import tensorflow as d2l

Importing ``d2lmini`` itself loads neither framework.
"""

from .language import set_language

__all__ = ["set_language"]
__version__ = "0.1.0"
