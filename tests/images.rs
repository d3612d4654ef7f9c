//! Photos: real images made in the test (a camera-sized JPEG with an EXIF rotation, a
//! transparent PNG, a broken file) go through `guong build`; the test reads back the
//! files, their pixels and the markup.

mod common;
use common::*;
use image::{GenericImageView, ImageReader, Rgb, RgbImage, Rgba, RgbaImage};
use std::io::Cursor;

/// A photo-like image: smooth light, texture at several scales, and sensor noise, the
/// things that make a camera JPEG big. Deterministic.
fn photo(width: u32, height: u32) -> RgbImage {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 41) as i32 - 20
    };
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let ridge = 0.45 + 0.08 * (fx * 9.0).sin() + 0.04 * (fx * 31.0).sin();
        let leaf = ((x / 6 + y / 5) % 7) as i32 * 4 + ((x / 23 * 7 + y / 19 * 3) % 5) as i32 * 6;
        let n = noise();
        let base: [i32; 3] = if fy < ridge {
            [140 + (fy * 80.0) as i32, 185 + (fy * 40.0) as i32, 228]
        } else {
            [40 + leaf, 95 + leaf + (fy * 40.0) as i32, 45 + leaf / 2]
        };
        Rgb(base.map(|c| (c + n).clamp(0, 255) as u8))
    })
}

/// A JPEG with an EXIF block saying "rotate 90° clockwise to show" (orientation 6),
/// plus a camera model and a GPS-like note that must not reach readers.
fn camera_jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    // TIFF header (little endian), one IFD with Orientation=6 and Model="SECRET-CAM".
    let mut exif = Vec::new();
    exif.extend_from_slice(b"II*\0");
    exif.extend_from_slice(&8u32.to_le_bytes());
    exif.extend_from_slice(&2u16.to_le_bytes());
    exif.extend_from_slice(&0x0112u16.to_le_bytes());
    exif.extend_from_slice(&3u16.to_le_bytes());
    exif.extend_from_slice(&1u32.to_le_bytes());
    exif.extend_from_slice(&6u32.to_le_bytes());
    exif.extend_from_slice(&0x0110u16.to_le_bytes());
    exif.extend_from_slice(&2u16.to_le_bytes());
    exif.extend_from_slice(&11u32.to_le_bytes());
    exif.extend_from_slice(&38u32.to_le_bytes());
    exif.extend_from_slice(&0u32.to_le_bytes());
    exif.extend_from_slice(b"SECRET-CAM\0");
    enc.add_exif_metadata(&exif).expect("exif");
    enc.encode(
        img.as_raw(),
        img.width() as u16,
        img.height() as u16,
        jpeg_encoder::ColorType::Rgb,
    )
    .expect("encode");
    out
}

fn site() -> TestSite {
    let s = TestSite::empty();
    s.write(
        "site.yaml",
        "title: \"Ảnh\"\nbase_url: \"https://example.org/tin/\"\n",
    );
    s.write(
        "content/nghia-lo/_index.md",
        "---\nname: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    s
}

fn write_bytes(s: &TestSite, rel: &str, bytes: &[u8]) {
    let p = s.root().join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("format")
        .decode()
        .expect("decode")
}

fn bytes(s: &TestSite, rel: &str) -> Vec<u8> {
    std::fs::read(s.out().join(rel))
        .unwrap_or_else(|_| panic!("missing {rel}; have:\n{}", s.files().join("\n")))
}

/// Stored 4000×3000 with "rotate 90°": readers must see a 3000×4000 portrait.
fn story_with_camera_photo() -> (TestSite, usize) {
    let s = site();
    // Stored landscape, top of the scene on the left: rotating 90° clockwise shows it.
    let scene = photo(3000, 4000);
    let stored = image::imageops::rotate270(&scene);
    let jpeg = camera_jpeg(&stored, 95);
    write_bytes(&s, "content/nghia-lo/doi-che/doi-che.jpg", &jpeg);
    s.write(
        "content/nghia-lo/doi-che/index.md",
        "---\ntitle: \"Đồi chè\"\ndate: 2020-01-01\nimage: doi-che.jpg\nimage_caption: \"Đồi chè Nghĩa Lộ\"\n---\nĐoạn đầu.\n\n![Đồi chè buổi sáng](doi-che.jpg \"Đồi chè buổi sáng\")\n",
    );
    (s, jpeg.len())
}

#[test]
fn a_camera_jpeg_is_rotated_stripped_and_published_in_three_widths() {
    let (s, original_size) = story_with_camera_photo();
    assert!(
        original_size > 5_000_000,
        "the test photo should be camera-sized, is {original_size} bytes"
    );
    s.build(&[]);
    let dir = "nghia-lo/doi-che/";
    for (name, w, h) in [
        ("doi-che.jpg", 1600, 2133),
        ("doi-che-480w.jpg", 480, 640),
        ("doi-che-960w.jpg", 960, 1280),
        ("doi-che-480w.webp", 480, 640),
        ("doi-che-960w.webp", 960, 1280),
        ("doi-che-1600w.webp", 1600, 2133),
    ] {
        let data = bytes(&s, &format!("{dir}{name}"));
        let img = decode(&data);
        assert_eq!(img.dimensions(), (w, h), "{name}");
        assert!(
            !data.windows(4).any(|w| w == b"Exif") && !data.windows(10).any(|w| w == b"SECRET-CAM"),
            "{name} still carries EXIF metadata"
        );
        // The scene's sky is at the top once the rotation is applied.
        let top = img.get_pixel(w / 2, h / 50).0;
        let bottom = img.get_pixel(w / 2, h - h / 50).0;
        assert!(
            top[2] > 180 && bottom[2] < 150,
            "{name}: sky not at the top: top {top:?}, bottom {bottom:?}"
        );
    }
    let small = bytes(&s, &format!("{dir}doi-che-480w.jpg")).len();
    assert!(
        small <= 60_000,
        "a 480 px JPEG of a {original_size}-byte photo weighs {small} bytes"
    );
    let webp = bytes(&s, &format!("{dir}doi-che-480w.webp")).len();
    assert!(
        webp < small,
        "WebP ({webp}) should be smaller than JPEG ({small})"
    );
    eprintln!("camera photo {original_size} bytes → 480 px: JPEG {small} bytes, WebP {webp} bytes");

    let html = s.read(&format!("{dir}index.html"));
    assert!(html.contains(
        "srcset=\"/tin/nghia-lo/doi-che/doi-che-480w.webp 480w, /tin/nghia-lo/doi-che/doi-che-960w.webp 960w, /tin/nghia-lo/doi-che/doi-che-1600w.webp 1600w\""
    ), "{html}");
    assert!(html.contains("width=\"1600\" height=\"2133\""), "{html}");
    // The body photo is below the fold: lazy, relative to the page, with its caption.
    assert!(
        html.contains("<figure class=\"body-figure\"><picture><source type=\"image/webp\" srcset=\"doi-che-480w.webp 480w"),
        "{html}"
    );
    assert!(html.contains("loading=\"lazy\""));
    assert!(html.contains("<figcaption>Đồi chè buổi sáng</figcaption>"));
    // Previews in Zalo and Facebook: the full photo's absolute URL and size.
    assert!(html.contains(
        "<meta property=\"og:image\" content=\"https://example.org/tin/nghia-lo/doi-che/doi-che.jpg\">"
    ));
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1600\">"));
    // Cards use the small size.
    let list = s.read("nghia-lo/index.html");
    assert!(
        list.contains("src=\"/tin/nghia-lo/doi-che/doi-che-480w.jpg\""),
        "{list}"
    );
    assert!(list.contains("width=\"480\" height=\"640\""));
}

#[test]
fn unchanged_photos_come_from_the_cache_and_changed_ones_are_redone() {
    let (s, _) = story_with_camera_photo();
    let first = s.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("Photos: 1 processed, 0 unchanged"),
        "{}",
        stderr(&first)
    );
    let before = bytes(&s, "nghia-lo/doi-che/doi-che-960w.webp");

    let second = s.run(&["build"]);
    assert!(
        stderr(&second).contains("Photos: 0 processed, 1 unchanged"),
        "{}",
        stderr(&second)
    );
    assert_eq!(bytes(&s, "nghia-lo/doi-che/doi-che-960w.webp"), before);

    // The same photo under another name in another story is not processed again.
    std::fs::copy(
        s.root().join("content/nghia-lo/doi-che/doi-che.jpg"),
        s.root().join("static/anh/che.jpg"),
    )
    .or_else(|_| {
        std::fs::create_dir_all(s.root().join("static/anh"))?;
        std::fs::copy(
            s.root().join("content/nghia-lo/doi-che/doi-che.jpg"),
            s.root().join("static/anh/che.jpg"),
        )
    })
    .expect("copy");
    let third = s.run(&["build"]);
    assert!(
        stderr(&third).contains("Photos: 0 processed, 2 unchanged"),
        "{}",
        stderr(&third)
    );
    assert!(s.exists("anh/che-480w.webp"));

    // An edited photo is redone.
    let edited = camera_jpeg(&image::imageops::rotate270(&photo(1200, 900)), 90);
    write_bytes(&s, "content/nghia-lo/doi-che/doi-che.jpg", &edited);
    let fourth = s.run(&["build"]);
    assert!(
        stderr(&fourth).contains("Photos: 1 processed, 1 unchanged"),
        "{}",
        stderr(&fourth)
    );
    assert_eq!(
        decode(&bytes(&s, "nghia-lo/doi-che/doi-che.jpg")).dimensions(),
        (1200, 900)
    );
}

#[test]
fn a_transparent_png_keeps_its_transparency_and_small_images_are_not_enlarged() {
    let s = site();
    let logo = RgbaImage::from_fn(640, 200, |x, _| {
        if x < 320 {
            Rgba([200, 30, 30, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut png = Vec::new();
    logo.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    write_bytes(&s, "static/images/huy-hieu.png", &png);
    let icon = RgbImage::from_pixel(200, 100, Rgb([10, 120, 40]));
    let mut icon_png = Vec::new();
    icon.write_to(&mut Cursor::new(&mut icon_png), image::ImageFormat::Png)
        .expect("png");
    write_bytes(&s, "static/images/nho.png", &icon_png);
    s.write(
        "content/nghia-lo/huy-hieu.md",
        "---\ntitle: \"Huy hiệu\"\ndate: 2020-01-01\n---\nXem ![huy hiệu](/images/huy-hieu.png) và ![nhỏ](/images/nho.png).\n",
    );
    s.build(&[]);
    let html = s.read("nghia-lo/huy-hieu/index.html");
    assert!(
        html.contains(
            "srcset=\"/tin/images/huy-hieu-480w.png 480w, /tin/images/huy-hieu.png 640w\""
        ),
        "{html}"
    );
    assert!(
        html.contains("srcset=\"/tin/images/nho-200w.webp 200w\""),
        "{html}"
    );
    assert!(
        html.contains("srcset=\"/tin/images/nho.png 200w\""),
        "{html}"
    );
    let full = decode(&bytes(&s, "images/huy-hieu.png"));
    assert_eq!(full.dimensions(), (640, 200));
    assert_eq!(full.get_pixel(600, 100).0[3], 0, "transparency lost");
    let webp = decode(&bytes(&s, "images/huy-hieu-480w.webp"));
    assert_eq!(webp.dimensions(), (480, 150));
    assert!(webp.get_pixel(470, 75).0[3] < 10, "WebP lost transparency");
    assert_eq!(
        decode(&bytes(&s, "images/nho.png")).dimensions(),
        (200, 100)
    );
    assert!(
        !s.exists("images/nho-480w.webp"),
        "a small image was enlarged"
    );
}

#[test]
fn a_broken_photo_is_an_error_at_the_line_that_uses_it() {
    let s = site();
    s.write(
        "content/nghia-lo/bai/index.md",
        "---\ntitle: \"Bài\"\ndate: 2020-01-01\n---\nĐoạn một.\n\n![ảnh hỏng](hong.jpg)\n",
    );
    s.write(
        "content/nghia-lo/bai/hong.jpg",
        "this is not a photo, it is text\n",
    );
    for cmd in ["build", "check"] {
        let out = s.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("content/nghia-lo/bai/index.md:7:"),
            "{cmd} should name the article and line:\n{err}"
        );
        assert!(err.contains("hong.jpg"), "{err}");
        assert!(err.contains("save it again as JPEG"), "{err}");
    }
    assert!(!s.out().exists(), "a failed build wrote output");

    // A cover photo that is not an image: the `image:` line.
    s.write("content/nghia-lo/bai/hong.jpg", "");
    s.write(
        "content/nghia-lo/bai/index.md",
        "---\ntitle: \"Bài\"\ndate: 2020-01-01\nimage: hong.jpg\n---\nĐoạn một.\n",
    );
    let err = stderr(&s.run(&["build"]));
    assert!(
        err.contains("content/nghia-lo/bai/index.md:4:"),
        "should point at the image: line:\n{err}"
    );
}
