"""The stages, in order: load, validate, link, render (pipeline.py runs them). Helpers
that serve one stage sit beside it: parse and positioned (load); records, reader and safety
(validate); text (render). No MkDocs here."""
