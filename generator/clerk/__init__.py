"""The clerk's tools: `papers new` (scaffold) and `papers fmt`."""
