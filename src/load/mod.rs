//! The `load` stage: `content/` → [`Loaded`](crate::model::Loaded).
