-- A run answered by an inference server names it: {"name": ..., "urls": [...], "served_model": ...}. NULL: the
-- local engine answered (model_name and weights_hash then name the weights read). For a backend run weights_hash
-- holds the SHA-256 of this JSON, since the weights behind a server cannot be read; a run resumes only on the same
-- backend name, URLs and served model.
ALTER TABLE eval_runs ADD COLUMN backend_json TEXT;
