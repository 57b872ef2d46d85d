"""Text layer: normalisation with offset maps, sentence/clause splitting, clitic-aware tokens."""

from rasd.text.normalize import Normalized, norm, normalize

__all__ = ["Normalized", "norm", "normalize"]
