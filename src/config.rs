//! `site.yaml` → [`Config`]. Every key is optional; unknown keys are errors with a
//! suggestion, because a misspelt `paginate` silently ignored is a bug the editor never sees.

use crate::content::yaml;
use crate::diagnostic::Diagnostic;
use jiff::tz::Offset;
use serde::Deserialize;
use std::path::Path;

/// The site's settings, with the defaults of the site format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Where the site is published: `/`, `/tin/` or `https://example.org/tin/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    /// A fixed offset such as `+07:00`, applied to dates written without one.
    pub timezone: String,
    pub paginate: usize,
    pub search: bool,
    pub feeds: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Điển hình tiên tiến".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "vi".into(),
            theme: "default".into(),
            timezone: "+07:00".into(),
            paginate: 20,
            search: true,
            feeds: true,
        }
    }
}

impl Config {
    /// Reads `site.yaml` under `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("site.yaml");
        let shown = Path::new("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(shown, "the file is not UTF-8 text")
                    .with_hint("save site.yaml as UTF-8")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    shown,
                    format!("cannot read the file: {e}"),
                ));
            }
        };
        let config: Config = yaml::parse(&crate::text::nfc(&text), shown, 1)?;
        config.validate(shown)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), Diagnostic> {
        if self.paginate == 0 {
            return Err(Diagnostic::error(path, "`paginate` must be at least 1")
                .with_hint("use `paginate: 20`, the default"));
        }
        if self.offset().is_none() {
            return Err(Diagnostic::error(
                path,
                format!("`timezone: {}` is not an offset", self.timezone),
            )
            .with_hint("write the offset from UTC, such as `timezone: \"+07:00\"` for Việt Nam"));
        }
        if !(self.base_url.starts_with('/')
            || self.base_url.starts_with("http://")
            || self.base_url.starts_with("https://"))
        {
            return Err(Diagnostic::error(
                path,
                format!(
                    "`base_url: {}` must start with `/` or `https://`",
                    self.base_url
                ),
            )
            .with_hint("for example `base_url: https://example.org/tin/` or `base_url: /tin/`"));
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`: what root-relative
    /// links inside the site start with.
    pub fn base_path(&self) -> String {
        let url = self.base_url.as_str();
        let path = match url.find("://") {
            Some(i) => url[i + 3..]
                .find('/')
                .map(|j| &url[i + 3 + j..])
                .unwrap_or("/"),
            None => url,
        };
        let mut p = path.to_string();
        if !p.starts_with('/') {
            p.insert(0, '/');
        }
        if !p.ends_with('/') {
            p.push('/');
        }
        p
    }

    /// The absolute origin and path for feeds and sitemaps (`https://example.org/tin/`),
    /// or the base path alone when the editor gave no host.
    pub fn absolute_base(&self) -> String {
        if self.base_url.contains("://") {
            let mut s = self.base_url.clone();
            if !s.ends_with('/') {
                s.push('/');
            }
            s
        } else {
            self.base_path()
        }
    }

    /// The timezone as an offset; `None` when it does not parse.
    pub fn offset(&self) -> Option<Offset> {
        let t = self.timezone.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Some(Offset::UTC);
        }
        let (sign, rest) = match t.as_bytes().first()? {
            b'+' => (1, &t[1..]),
            b'-' => (-1, &t[1..]),
            _ => return None,
        };
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        let h: i32 = h.parse().ok()?;
        let m: i32 = m.parse().ok()?;
        if h > 18 || m > 59 {
            return None;
        }
        Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(base_url: &str) -> Config {
        Config {
            base_url: base_url.into(),
            ..Config::default()
        }
    }

    #[test]
    fn base_path_of_every_form() {
        assert_eq!(with("/").base_path(), "/");
        assert_eq!(with("/tin").base_path(), "/tin/");
        assert_eq!(with("https://example.org/tin/").base_path(), "/tin/");
        assert_eq!(with("https://example.org").base_path(), "/");
        assert_eq!(
            with("https://example.org").absolute_base(),
            "https://example.org/"
        );
    }

    #[test]
    fn timezone_offsets() {
        let c = Config::default();
        assert_eq!(c.offset().map(|o| o.seconds()), Some(7 * 3600));
        let c = Config {
            timezone: "Asia/Hanoi".into(),
            ..Config::default()
        };
        assert!(c.offset().is_none());
    }
}
