"""The generic explainer engine: records, loading, validation, renderers, exports, checks."""
