"""The MkDocs adapter: the plugin, `papers build`'s MkDocs side and the live preview of
`papers serve`. The only folder that imports MkDocs."""
