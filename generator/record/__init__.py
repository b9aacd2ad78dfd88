"""The record: one dataclass per civic concept (model), how one record names another
(references), and the problems found in the content (diagnostics)."""
