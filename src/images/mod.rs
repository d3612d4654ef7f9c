//! Photos sized for phones.
//!
//! Editors drop camera photos of several megabytes beside their stories; readers open
//! them on phones over slow mobile data. Every JPEG, PNG or WebP a site publishes is
//! therefore re-encoded at build time into a few widths, in WebP and in a fallback
//! format every browser reads, with the EXIF orientation applied and all metadata (GPS
//! position, camera serial) stripped. Pages get `<picture>` markup with `srcset`,
//! `width` and `height`, so the browser picks the smallest file that looks sharp and
//! the layout never jumps.
//!
//! The work is split the way the pipeline is: [`scan`] reads only image headers while
//! content loads (so Markdown can write the markup in its one pass), [`Picture`] is the
//! markup's data, and [`process`] decodes, resizes and encodes at build time, in
//! parallel, through a cache keyed by the photo's content hash so an unchanged photo is
//! never processed twice.

mod process;

pub use process::{Job, ProcessReport, process};

use image::{ImageDecoder, ImageReader, metadata::Orientation};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The widths (CSS pixels at 1×) a photo is offered in. 480 fills a phone at 1×; 960 a
/// phone at 2× or the article column; 1600 a wide screen at 2×.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The image formats guong re-encodes. GIFs (often animated) and SVGs are copied as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }
}

/// Whether a file is one guong re-encodes, judged by its extension as editors name it.
pub fn is_raster(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

/// What the header of a photo says, after its EXIF orientation is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Width and height as the reader sees the photo (rotated if EXIF says so).
    pub width: u32,
    pub height: u32,
    /// The format of the bytes (not of the file name).
    pub format: Format,
    pub alpha: bool,
}

impl Meta {
    /// The widths this photo is published at: those of [`WIDTHS`] below its own width,
    /// then its own width capped at the largest. Never enlarged.
    pub fn widths(&self) -> Vec<u32> {
        let full = self.width.min(WIDTHS[WIDTHS.len() - 1]).max(1);
        let mut w: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < full).collect();
        w.push(full);
        w
    }

    /// The height matching `width` at this photo's aspect ratio.
    pub fn height_at(&self, width: u32) -> u32 {
        ((u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width.max(1)))
        .max(1) as u32
    }

    /// The format of the file published under the photo's own name: its own, so links to
    /// it keep working.
    pub fn own(&self) -> Format {
        self.format
    }

    /// The format for browsers without WebP: JPEG for photos, PNG when there is
    /// transparency.
    pub fn fallback(&self) -> Format {
        match self.format {
            Format::WebP if self.alpha => Format::Png,
            Format::WebP => Format::Jpeg,
            f => f,
        }
    }

    /// Every file published for the photo, as `(name suffix, format, width)`. The suffix
    /// `None` is the photo's own name: the full (capped) size in its own format.
    pub fn outputs(&self) -> Vec<(Option<u32>, Format, u32)> {
        let widths = self.widths();
        let full = widths[widths.len() - 1];
        let mut out = vec![(None, self.own(), full)];
        for &w in &widths {
            if !(w == full && self.own() == Format::WebP) {
                out.push((Some(w), Format::WebP, w));
            }
            if w < full || self.fallback() != self.own() {
                out.push((Some(w), self.fallback(), w));
            }
        }
        out
    }
}

/// Reads a photo's header: dimensions, orientation, format. Cheap: nothing is decoded.
pub fn read_meta(path: &Path) -> Result<Meta, String> {
    let reader = ImageReader::open(path)
        .map_err(|e| format!("cannot open it: {e}"))?
        .with_guessed_format()
        .map_err(|e| format!("cannot read it: {e}"))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => Format::Jpeg,
        Some(image::ImageFormat::Png) => Format::Png,
        Some(image::ImageFormat::WebP) => Format::WebP,
        Some(other) => {
            return Err(format!(
                "it is a {other:?} image under a photo's name; guong reads JPEG, PNG and WebP"
            ));
        }
        None => return Err("it is not a JPEG, PNG or WebP image".to_string()),
    };
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("it is not a readable image ({e})"))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("the image is empty (0 pixels)".to_string());
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns_sideways(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Meta {
        width,
        height,
        format,
        alpha: decoder.color_type().has_alpha(),
    })
}

fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The headers of every photo a site may publish, by absolute path. A file that is not
/// a readable image keeps the reason, for an error where it is used.
#[derive(Debug, Default)]
pub struct Catalog {
    map: HashMap<PathBuf, Result<Meta, String>>,
}

impl Catalog {
    pub fn get(&self, path: &Path) -> Option<&Result<Meta, String>> {
        self.map.get(path)
    }

    /// A hash of every photo's path and header: equal catalogs give equal markup.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut entries: Vec<_> = self.map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = rustc_hash::FxHasher::default();
        for (p, m) in entries {
            p.hash(&mut h);
            match m {
                Ok(m) => (m.width, m.height, m.format, m.alpha).hash(&mut h),
                Err(e) => e.hash(&mut h),
            }
        }
        h.finish()
    }
}

/// Reads the headers of `paths` in parallel (only those [`is_raster`] accepts).
pub fn scan<'a>(paths: impl IntoParallelIterator<Item = &'a PathBuf>) -> Catalog {
    Catalog {
        map: paths
            .into_par_iter()
            .filter(|p| is_raster(p))
            .map(|p| (p.clone(), read_meta(p)))
            .collect(),
    }
}

/// What a template needs to show a photo: every URL is ready for `src`/`srcset`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Picture {
    /// The photo at its own URL: full size (capped), metadata stripped.
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// `"a-480w.jpg 480w, a-960w.jpg 960w, a.jpg 1600w"`, in the fallback format.
    pub srcset: String,
    /// The same widths in WebP.
    pub srcset_webp: String,
    /// The fallback format's MIME type, for `<source type>`.
    pub mime: &'static str,
    /// The smallest size, for cards and previews, in both formats.
    pub thumb: String,
    pub thumb_webp: String,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

impl Picture {
    /// The markup for a photo whose own URL is `src` (as it will appear in the page: a
    /// relative name or a full path). Variant URLs sit beside it.
    pub fn new(src: &str, meta: &Meta) -> Picture {
        let (dir, file) = match src.rfind('/') {
            Some(i) => src.split_at(i + 1),
            None => ("", src),
        };
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let url = |suffix: Option<u32>, f: Format| match suffix {
            None => src.to_string(),
            Some(w) => format!("{dir}{stem}-{w}w.{}", f.ext()),
        };
        let outputs = meta.outputs();
        let find = |w: u32, f: Format| {
            outputs
                .iter()
                .find(|(_, ff, ww)| *ff == f && *ww == w)
                .map(|(s, f, _)| url(*s, *f))
                .unwrap_or_else(|| src.to_string())
        };
        let widths = meta.widths();
        let set = |f: Format| {
            widths
                .iter()
                .map(|&w| format!("{} {w}w", find(w, f)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let full = widths[widths.len() - 1];
        Picture {
            src: src.to_string(),
            width: full,
            height: meta.height_at(full),
            srcset: set(meta.fallback()),
            srcset_webp: set(Format::WebP),
            mime: meta.fallback().mime(),
            thumb: find(widths[0], meta.fallback()),
            thumb_webp: find(widths[0], Format::WebP),
            thumb_width: widths[0],
            thumb_height: meta.height_at(widths[0]),
        }
    }

    /// `<picture>` markup. `sizes` says how wide the photo is shown; `lazy` defers
    /// photos below the fold.
    pub fn html(&self, alt: &str, sizes: &str, lazy: bool) -> String {
        let mut s = String::with_capacity(
            96 + self.srcset.len() + self.srcset_webp.len() + alt.len() + 2 * sizes.len(),
        );
        s.push_str("<picture><source type=\"image/webp\" srcset=\"");
        escape(&mut s, &self.srcset_webp);
        s.push_str("\" sizes=\"");
        escape(&mut s, sizes);
        s.push_str("\"><img src=\"");
        escape(&mut s, &self.src);
        s.push_str("\" srcset=\"");
        escape(&mut s, &self.srcset);
        s.push_str("\" sizes=\"");
        escape(&mut s, sizes);
        s.push_str(&format!(
            "\" width=\"{}\" height=\"{}\" alt=\"",
            self.width, self.height
        ));
        escape(&mut s, alt);
        s.push_str(if lazy {
            "\" loading=\"lazy\" decoding=\"async\"></picture>"
        } else {
            "\" decoding=\"async\"></picture>"
        });
        s
    }
}

fn escape(out: &mut String, s: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// How a page resolves the images its Markdown names, so bodies get `<picture>` markup
/// in the same pass that renders them.
pub struct Resolver<'a> {
    pub catalog: &'a Catalog,
    /// The page bundle's folder, for names relative to the page.
    pub bundle: Option<&'a Path>,
    /// Folders whose files are published at the site root: `static/`, `content/`.
    pub roots: [&'a Path; 2],
}

/// What a Markdown image turned out to be.
pub enum Found {
    /// Not a photo guong processes (a remote URL, an SVG, a GIF, or a missing file,
    /// which the link check reports).
    NotProcessed,
    Photo(Meta),
    /// A file that exists but is no readable image, with the reason.
    Broken(String),
}

impl Resolver<'_> {
    /// Looks up `src` as written in Markdown (before the base path is added).
    pub fn find(&self, src: &str) -> Found {
        if !crate::markdown::is_local(src) || src.contains("..") || src.contains('?') {
            return Found::NotProcessed;
        }
        let path = percent_decode(src.split('#').next().unwrap_or(src));
        let candidates: Vec<PathBuf> = match path.strip_prefix('/') {
            Some(abs) => self.roots.iter().map(|r| r.join(abs)).collect(),
            None => self.bundle.map(|b| b.join(&path)).into_iter().collect(),
        };
        for c in candidates {
            match self.catalog.get(&c) {
                Some(Ok(meta)) => return Found::Photo(*meta),
                Some(Err(e)) => return Found::Broken(e.clone()),
                None => {}
            }
        }
        Found::NotProcessed
    }
}

/// `%C3%A1` → `á`, for names written percent-encoded in Markdown.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(width: u32, height: u32, format: Format, alpha: bool) -> Meta {
        Meta {
            width,
            height,
            format,
            alpha,
        }
    }

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(
            meta(4000, 3000, Format::Jpeg, false).widths(),
            [480, 960, 1600]
        );
        assert_eq!(
            meta(1200, 800, Format::Jpeg, false).widths(),
            [480, 960, 1200]
        );
        assert_eq!(meta(300, 200, Format::Png, false).widths(), [300]);
        assert_eq!(meta(960, 10, Format::Png, false).widths(), [480, 960]);
    }

    #[test]
    fn a_jpeg_gets_webp_variants_and_jpeg_fallbacks_under_its_own_name() {
        let m = meta(4000, 3000, Format::Jpeg, false);
        let p = Picture::new("/tin/anh/lap.jpg", &m);
        assert_eq!(p.src, "/tin/anh/lap.jpg");
        assert_eq!((p.width, p.height), (1600, 1200));
        assert_eq!(
            p.srcset,
            "/tin/anh/lap-480w.jpg 480w, /tin/anh/lap-960w.jpg 960w, /tin/anh/lap.jpg 1600w"
        );
        assert_eq!(
            p.srcset_webp,
            "/tin/anh/lap-480w.webp 480w, /tin/anh/lap-960w.webp 960w, /tin/anh/lap-1600w.webp 1600w"
        );
        assert_eq!(p.thumb, "/tin/anh/lap-480w.jpg");
        assert_eq!((p.thumb_width, p.thumb_height), (480, 360));
        assert_eq!(m.outputs().len(), 6);
    }

    #[test]
    fn a_transparent_webp_falls_back_to_png() {
        let m = meta(800, 400, Format::WebP, true);
        let p = Picture::new("logo.webp", &m);
        assert_eq!(p.srcset_webp, "logo-480w.webp 480w, logo.webp 800w");
        assert_eq!(p.srcset, "logo-480w.png 480w, logo-800w.png 800w");
        assert_eq!(p.mime, "image/png");
    }

    #[test]
    fn html_escapes_alt_and_marks_lazy() {
        let p = Picture::new("a.jpg", &meta(500, 500, Format::Jpeg, false));
        let h = p.html("\"<b>\"", "100vw", true);
        assert!(h.contains("alt=\"&quot;&lt;b&gt;&quot;\""), "{h}");
        assert!(h.contains("loading=\"lazy\""));
        assert!(h.contains("width=\"500\" height=\"500\""));
        assert!(!p.html("x", "100vw", false).contains("lazy"));
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("%C3%A1nh%20%zz"), "ánh %zz");
    }
}
