//! Loading a theme: the default theme compiled into the binary, overridden file by file
//! by the site's own `themes/<name>/` (as mdBook does), so a site with no `themes/`
//! folder still builds and a site can change one template without copying the rest.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/", $name)))),*]
    };
}
macro_rules! embed_bytes {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "index.html",
    "district.html",
    "article.html",
    "entity_list.html",
    "entity.html",
    "search.html",
    "stats.html",
    "404.html",
    "partials/card.html",
    "partials/paginator.html",
    "partials/site/masthead.html",
    "partials/site/footer.html",
);

/// The default theme's static files, by path under `static/`.
pub const DEFAULT_STATIC: &[(&str, &[u8])] =
    embed_bytes!("css/style.css", "js/site.js", "js/search.js", "favicon.svg",);

/// A template's text and where it came from, for error messages.
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    /// The file on disk, or `None` for the embedded default.
    pub path: Option<PathBuf>,
}

/// A theme ready to compile: templates and static files after overrides.
pub struct Theme {
    pub templates: Vec<TemplateSource>,
    /// `(path under the output root, embedded bytes or a file on disk)`.
    pub statics: Vec<(String, StaticFile)>,
}

pub enum StaticFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Loads theme `name` from `root/themes/`, on top of the embedded default. A theme
/// other than `default` that does not exist is an error: the editor asked for it.
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
    let mut templates: Vec<TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| TemplateSource {
            name: (*n).to_string(),
            text: (*t).to_string(),
            path: None,
        })
        .collect();
    let mut statics: Vec<(String, StaticFile)> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| ((*n).to_string(), StaticFile::Embedded(b)))
        .collect();
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            diags.push(
                Diagnostic::error(
                    "site.yaml",
                    format!("there is no theme `{name}` (looked in themes/{name}/)"),
                )
                .with_hint(
                    "create that folder, or remove `theme:` to use the built-in default theme",
                ),
            );
        }
        return Theme { templates, statics };
    }
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) if e.file_type().is_file() => e,
                Ok(_) => continue,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        base.strip_prefix(root).unwrap_or(&base),
                        format!("cannot read the theme: {e}"),
                    ));
                    continue;
                }
            };
            let Ok(rel) = entry.path().strip_prefix(&base) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            if is_template {
                let text = match std::fs::read_to_string(entry.path()) {
                    Ok(t) => t,
                    Err(e) => {
                        diags.push(
                            Diagnostic::error(shown, format!("cannot read the template: {e}"))
                                .with_hint("save it as UTF-8 text"),
                        );
                        continue;
                    }
                };
                let src = TemplateSource {
                    name: rel.clone(),
                    text,
                    path: Some(shown),
                };
                match templates.iter_mut().find(|t| t.name == rel) {
                    Some(t) => *t = src,
                    None => templates.push(src),
                }
            } else {
                let file = StaticFile::Disk(entry.path().to_path_buf());
                match statics.iter_mut().find(|s| s.0 == rel) {
                    Some(s) => s.1 = file,
                    None => statics.push((rel, file)),
                }
            }
        }
    }
    Theme { templates, statics }
}
