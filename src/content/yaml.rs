//! The one place that knows which YAML library guong uses.
//!
//! serde_yaml is archived upstream; replacing it with another serde YAML crate must be a
//! change to this file alone. Everything else sees serde types and [`Diagnostic`]s.

mod subset;

use crate::diagnostic::{Diagnostic, suggest};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` (YAML that starts at line `first_line` of `path`) into `T`, turning
/// YAML and type errors into an editor-facing diagnostic at the right line of the file.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping to editors: "all keys optional".
    let text = if text.trim().is_empty() { "{}" } else { text };
    // Plain front matter is read by a fast reader; anything else, and every error, is
    // left to serde_yaml, so messages and their lines are serde_yaml's.
    if let Some(Ok(value)) = subset::parse(text).map(T::deserialize) {
        return Ok(value);
    }
    serde_yaml::from_str(text).map_err(|err| {
        let (line, col) = err
            .location()
            .map(|l| (l.line() + first_line - 1, Some(l.column())))
            .unwrap_or((first_line, None));
        to_diagnostic(&err.to_string(), path, line, col)
    })
}

/// serde_yaml appends " at line L column C" to its messages; we give the place ourselves,
/// counted from the top of the file rather than from the front matter.
fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

fn to_diagnostic(raw: &str, path: &Path, line: usize, col: Option<usize>) -> Diagnostic {
    let msg = strip_location(raw);
    let d = Diagnostic::error(path, msg.to_string()).at(line, col);
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match suggest(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "remove `{unknown}`; the keys allowed here are: {}",
                expected.join(", ")
            ),
        };
        return Diagnostic {
            message: format!("unknown key `{unknown}`"),
            ..d
        }
        .with_hint(hint);
    }
    if let Some(rest) = msg.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        return Diagnostic {
            message: format!("missing required key `{field}`"),
            ..d
        }
        .with_hint(format!("add a line `{field}: ...` between the `---` lines"));
    }
    if msg.contains("invalid type") {
        return d.with_hint("check the value's shape: a list is written `[a, b]` or as lines starting with `- `, text in quotes");
    }
    d.with_hint("check the YAML syntax on this line: indentation, a `:` after each key, quotes around text containing `:` or `#`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        #[serde(default)]
        paginate: u32,
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_file_line() {
        let e = parse::<T>("title: a\npagniate: 3\n", Path::new("site.yaml"), 1).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.message, "unknown key `pagniate`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `paginate`?"));
    }

    #[test]
    fn lines_are_counted_from_the_top_of_the_file() {
        let e = parse::<T>("title: a\npaginate: [\n", Path::new("a.md"), 2).unwrap_err();
        assert!(e.line.unwrap_or(0) >= 3, "{e}");
    }

    #[test]
    fn missing_key_is_named() {
        let e = parse::<T>("paginate: 3\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(e.message, "missing required key `title`");
    }
}
