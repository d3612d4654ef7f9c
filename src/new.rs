//! `guong new`: a new article with its front matter filled in, so editors start from a
//! file that builds rather than from a blank page.

use crate::diagnostic::{Diagnostic, suggest};
use crate::text::slugify;
use jiff::civil::DateTime;
use std::path::{Path, PathBuf};

/// Quotes text as a YAML double-quoted string.
fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `content/<district>/<slug>.md` (or `<slug>/index.md` with `bundle`) and
/// returns its path. Refuses to overwrite, and to write into a district that does not
/// exist (suggesting the closest one).
pub fn new_article(
    root: &Path,
    district: &str,
    title: &str,
    bundle: bool,
    now: DateTime,
) -> Result<PathBuf, Diagnostic> {
    let content = root.join("content");
    let title = crate::text::nfc(title.trim()).into_owned();
    if title.is_empty() {
        return Err(Diagnostic::error("content", "the title is empty")
            .with_hint("guong new nghia-lo \"Tiêu đề bài viết\""));
    }
    let district_dir = content.join(district);
    if district.contains(['/', '\\'])
        || district.starts_with('.')
        || !district_dir.join("_index.md").is_file()
    {
        let known: Vec<String> = std::fs::read_dir(&content)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().join("_index.md").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let hint = match suggest(&slugify(district), known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => {
                "create the district first: content/<district>/_index.md with `name: \"...\"`"
                    .to_string()
            }
            None => format!("districts here: {}", known.join(", ")),
        };
        return Err(Diagnostic::error(
            Path::new("content").join(district),
            format!("there is no district `{district}`"),
        )
        .with_hint(hint));
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "content",
            "the title has no letters or digits to make an address from",
        ));
    }
    let (file, shown) = if bundle {
        (
            district_dir.join(&slug).join("index.md"),
            Path::new("content")
                .join(district)
                .join(&slug)
                .join("index.md"),
        )
    } else {
        (
            district_dir.join(format!("{slug}.md")),
            Path::new("content")
                .join(district)
                .join(format!("{slug}.md")),
        )
    };
    if file.exists()
        || district_dir.join(&slug).exists()
        || district_dir.join(format!("{slug}.md")).exists()
    {
        return Err(
            Diagnostic::error(&shown, "an article with this address already exists")
                .with_hint("choose another title, or edit the existing file"),
        );
    }
    let text = format!(
        "---\ntitle: {}\ndate: {}\nsummary: \"\"\nauthor: \"\"\nunits: []\nmodels: []\nfigures: []\n---\n\nViết nội dung bài ở đây.\n",
        yaml_quote(&title),
        now.strftime("%Y-%m-%d %H:%M")
    );
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot create the folder: {e}")))?;
    }
    std::fs::write(&file, text)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot write the file: {e}")))?;
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_yaml_safely() {
        assert_eq!(
            yaml_quote("Mô hình \"2 an\": tốt"),
            "\"Mô hình \\\"2 an\\\": tốt\""
        );
    }
}
