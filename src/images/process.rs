//! Decoding, resizing and encoding photos, through a cache keyed by content.

use super::{Format, Meta};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// JPEG quality: 72 keeps photos of people and fields clean at a third of the bytes of
/// a camera's 92.
const JPEG_QUALITY: u8 = 72;
/// WebP quality: at 70 WebP looks like JPEG at 72 in about two thirds of the bytes.
const WEBP_QUALITY: f32 = 70.0;
/// Changes whenever the output of the same photo would change, so old cache entries
/// are never reused for new settings.
const CACHE_VERSION: &str = "guong-images-2;jpeg72;webp70;catmullrom;480,960,1600";

/// One photo to publish.
#[derive(Debug, Clone)]
pub struct Job {
    /// The photo on disk.
    pub source: PathBuf,
    /// The same, relative to the site root, for messages.
    pub display: PathBuf,
    /// The output folder relative to the output root: `""` or `"nghia-lo/bai/"`.
    pub dir: String,
    /// The photo's own file name (decoded, as on disk).
    pub file_name: String,
    pub meta: Meta,
}

impl Job {
    /// Every file written for this photo: `(name in the cache entry, path in the output)`.
    fn files(&self) -> Vec<(String, String, Format, u32)> {
        let stem = self
            .file_name
            .rsplit_once('.')
            .map_or(self.file_name.as_str(), |(s, _)| s);
        self.meta
            .outputs()
            .into_iter()
            .map(|(suffix, f, w)| match suffix {
                None => (
                    format!("full.{}", f.ext()),
                    format!("{}{}", self.dir, self.file_name),
                    f,
                    w,
                ),
                Some(w) => (
                    format!("{w}.{}", f.ext()),
                    format!("{}{stem}-{w}w.{}", self.dir, f.ext()),
                    f,
                    w,
                ),
            })
            .collect()
    }
}

/// How many photos were encoded and how many came from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ProcessReport {
    pub processed: usize,
    pub cached: usize,
}

/// Publishes every job into `staging`, in parallel. With a `cache` folder, a photo
/// whose bytes were processed before (by any build, under any name) is linked from the
/// cache instead of being decoded again; entries no job used are removed afterwards,
/// so the cache holds what the site uses and no more.
pub fn process(
    jobs: &[Job],
    cache: Option<&Path>,
    staging: &dyn Sink,
) -> Result<ProcessReport, Vec<Diagnostic>> {
    let results: Vec<Result<(String, bool), Diagnostic>> = jobs
        .par_iter()
        .map(|job| publish(job, cache, staging))
        .collect();
    let mut report = ProcessReport::default();
    let mut used = HashSet::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((key, hit)) => {
                if hit {
                    report.cached += 1;
                } else {
                    report.processed += 1;
                }
                used.insert(key);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(cache) = cache {
        prune(cache, &used);
    }
    Ok(report)
}

fn publish(
    job: &Job,
    cache: Option<&Path>,
    staging: &dyn Sink,
) -> Result<(String, bool), Diagnostic> {
    let fail = |msg: String| {
        Diagnostic::error(&job.display, msg).with_hint(
            "open the photo in an image editor or phone gallery and save it again as JPEG, or remove it",
        )
    };
    let bytes = fs::read(&job.source).map_err(|e| fail(format!("cannot read the photo: {e}")))?;
    let key = cache_key(&bytes);
    let files = job.files();
    let entry = cache.map(|c| c.join(&key));
    if let Some(entry) = &entry
        && files.iter().all(|(name, ..)| entry.join(name).is_file())
    {
        for (name, target, ..) in &files {
            staging.copy(&entry.join(name), target);
        }
        return Ok((key, true));
    }
    let encoded = encode_all(&bytes, &job.meta, &files)
        .map_err(|e| fail(format!("cannot process the photo: {e}")))?;
    for ((_, target, ..), data) in files.iter().zip(&encoded) {
        staging.write(target, data);
    }
    if let Some(entry) = &entry {
        store(entry, &files, &encoded);
    }
    Ok((key, false))
}

/// Hex of the BLAKE3 hash of the settings and the photo's bytes.
fn cache_key(bytes: &[u8]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(CACHE_VERSION.as_bytes());
    h.update(bytes);
    h.finalize().to_hex()[..32].to_string()
}

/// Writes a cache entry under a temporary name and renames it into place, so a
/// killed build never leaves a half-written entry that later builds would trust.
fn store(entry: &Path, files: &[(String, String, Format, u32)], encoded: &[Vec<u8>]) {
    let Some(parent) = entry.parent() else {
        return;
    };
    let tmp = parent.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        entry
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    let written = fs::create_dir_all(&tmp).is_ok()
        && files
            .iter()
            .zip(encoded)
            .all(|((name, ..), data)| fs::write(tmp.join(name), data).is_ok());
    if !written || fs::rename(&tmp, entry).is_err() {
        // Another build stored it first, or the cache is not writable: the output is
        // complete either way, only the next build will redo the work.
        let _ = fs::remove_dir_all(&tmp);
    }
}

/// Removes cache entries no job of this build used, and leftovers of killed builds.
fn prune(cache: &Path, used: &HashSet<String>) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !used.contains(&name) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Decodes once, applies the EXIF orientation, and encodes every file of `files`
/// (largest first, each size resized from the one above it).
fn encode_all(
    bytes: &[u8],
    meta: &Meta,
    files: &[(String, String, Format, u32)],
) -> Result<Vec<Vec<u8>>, String> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let img = if meta.alpha {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut widths: Vec<u32> = meta.widths();
    widths.reverse();
    let mut sized: Vec<(u32, DynamicImage)> = Vec::with_capacity(widths.len());
    let mut current = img;
    for w in widths {
        if current.width() != w {
            current = resize(&current, w, meta.height_at(w))?;
        }
        sized.push((w, current.clone()));
    }
    files
        .iter()
        .map(|(_, _, format, w)| {
            let img = sized
                .iter()
                .find(|(sw, _)| sw == w)
                .map(|(_, i)| i)
                .ok_or_else(|| format!("no image at width {w}"))?;
            encode(img, *format)
        })
        .collect()
}

/// Catmull-Rom resampling, with SIMD: a camera photo's first reduction is the most
/// expensive step of publishing it.
fn resize(img: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let mut out = match img {
        DynamicImage::ImageRgba8(_) => DynamicImage::new_rgba8(width, height),
        _ => DynamicImage::new_rgb8(width, height),
    };
    Resizer::new()
        .resize(
            img,
            &mut out,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)),
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn encode(img: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let (w, h) = (img.width(), img.height());
    let rgba = img.color().has_alpha();
    let data = img.as_bytes();
    match format {
        Format::Jpeg => {
            let mut out = Vec::new();
            let mut enc = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
            enc.set_progressive(true);
            enc.set_optimized_huffman_tables(true);
            let (w16, h16) = (
                u16::try_from(w).map_err(|_| "too wide for JPEG")?,
                u16::try_from(h).map_err(|_| "too tall for JPEG")?,
            );
            let ct = if rgba {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            enc.encode(data, w16, h16, ct).map_err(|e| e.to_string())?;
            Ok(out)
        }
        Format::WebP => {
            let enc = if rgba {
                webp::Encoder::from_rgba(data, w, h)
            } else {
                webp::Encoder::from_rgb(data, w, h)
            };
            let mut config =
                webp::WebPConfig::new().map_err(|_| "cannot set up the WebP encoder")?;
            config.quality = WEBP_QUALITY;
            config.method = 4;
            config.alpha_compression = 1;
            enc.encode_advanced(&config)
                .map(|m| m.to_vec())
                .map_err(|e| format!("WebP encoding failed: {e:?}"))
        }
        Format::Png => {
            use image::ImageEncoder;
            use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
            let mut out = Vec::new();
            PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
                .write_image(data, w, h, img.color().into())
                .map_err(|e| e.to_string())?;
            Ok(out)
        }
    }
}
