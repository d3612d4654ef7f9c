//! Resolution: turns what `content` read into the portal model ([`Site`]).
//!
//! This owns the meaning of the site format: which district an article is in and its
//! URL, which names refer to the same unit, model or figure (by slug, profile aliases
//! included), related stories, redirects, and the checks that need the whole site
//! (duplicate URLs, missing images, broken internal links). It reads no files except to
//! see that a named image exists, and writes none.

mod model;
mod resolve;

pub use model::*;
pub use resolve::{Options, check_body, known_targets, resolve, show};
