//! `docs/<n>.json`: what a result shows of each document, [`super::CHUNK`] documents a
//! file.
//!
//! A 100,000-story site writes 12,500 of these files, so they are written straight into
//! one buffer, escaping once: a value per document for serde_json, then a second pass
//! over its output for HTML, took 97 ms to encode them on one thread where this takes
//! 57 ms (the whole stage, files written, 121 ms against 110). The bytes are the same
//! as `serde_json::to_vec` gives (compact, non-ASCII kept as it is), with `<`, `>` and
//! `&` escaped as well (see [`super::html_safe_json`], which still escapes
//! `meta.json`); a test checks the two agree.

use super::Doc;

/// How many characters of a sapo a result's snippet keeps, at most.
const SNIPPET: usize = 240;

/// The JSON array of what results show of `docs`: `u` URL, `t` title, `k` kind, `d`
/// district number in `meta.json` or -1, `dt` date as "28/08/2017" or "", `y` year or
/// 0, `s` the sapo cut to a snippet.
pub(super) fn chunk(docs: &[Doc]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 512);
    out.push(b'[');
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        doc(&mut out, d);
    }
    out.push(b']');
    out
}

/// One document's object.
fn doc(out: &mut Vec<u8>, d: &Doc) {
    out.extend_from_slice(b"{\"u\":");
    string(out, d.url);
    out.extend_from_slice(b",\"t\":");
    string(out, d.title);
    out.extend_from_slice(b",\"k\":");
    string(out, super::KINDS[usize::from(d.kind)]);
    out.extend_from_slice(b",\"d\":");
    match d.district {
        Some(i) => number(out, i as i64),
        None => out.extend_from_slice(b"-1"),
    }
    out.extend_from_slice(b",\"dt\":\"");
    match d.date {
        Some(t) => {
            two_digits(out, t.day());
            out.push(b'/');
            two_digits(out, t.month());
            out.push(b'/');
            number(out, t.year().into());
            out.extend_from_slice(b"\",\"y\":");
            number(out, t.year().into());
        }
        None => out.extend_from_slice(b"\",\"y\":0"),
    }
    out.extend_from_slice(b",\"s\":");
    let (snippet, cut) = snippet(d.sapo);
    string_open(out, snippet);
    if cut {
        out.extend_from_slice("…".as_bytes());
    }
    out.extend_from_slice(b"\"}");
}

/// A day or month, `01` to `31`. Numbers are written by hand: with `write!` for them
/// (and a `match` for escapes) the metadata stage took 161 ms instead of 110 on one
/// thread at 100,000 stories.
fn two_digits(out: &mut Vec<u8>, n: i8) {
    let n = n.unsigned_abs();
    out.extend_from_slice(&[b'0' + n / 10 % 10, b'0' + n % 10]);
}

/// A whole number in decimal.
fn number(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The sapo cut at a word boundary to about [`SNIPPET`] characters, and whether it was
/// cut (an ellipsis then follows).
fn snippet(s: &str) -> (&str, bool) {
    let Some((end, _)) = s.char_indices().nth(SNIPPET) else {
        return (s, false);
    };
    let cut = &s[..end];
    match cut.rfind(' ') {
        Some(i) => (&cut[..i], true),
        None => (cut, true),
    }
}

/// `s` as a JSON string.
fn string(out: &mut Vec<u8>, s: &str) {
    string_open(out, s);
    out.push(b'"');
}

/// What each byte is written as inside a JSON string: 0 for itself, `u` for `\u00XX`,
/// else the letter after a backslash.
static ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'<' as usize] = b'u';
    table[b'>' as usize] = b'u';
    table[b'&' as usize] = b'u';
    table
};

/// `s` as a JSON string without its closing quote. Escapes what JSON requires, as
/// serde_json spells it, and `<`, `>`, `&`, so no markup an editor typed appears
/// literally in the index.
fn string_open(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPES[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

#[cfg(test)]
mod tests {
    use super::super::{Names, html_safe_json};
    use super::*;

    /// What the files held when serde_json wrote them: the reference for [`chunk`].
    #[derive(serde::Serialize)]
    struct Reference<'a> {
        u: &'a str,
        t: &'a str,
        k: &'static str,
        d: i64,
        dt: String,
        y: i32,
        s: String,
    }

    fn reference(docs: &[Doc]) -> Vec<u8> {
        let metas: Vec<Reference> = docs
            .iter()
            .map(|d| {
                let (s, cut) = snippet(d.sapo);
                Reference {
                    u: d.url,
                    t: d.title,
                    k: super::super::KINDS[usize::from(d.kind)],
                    d: d.district.map_or(-1, |i| i as i64),
                    dt: d
                        .date
                        .map(|t| format!("{:02}/{:02}/{}", t.day(), t.month(), t.year()))
                        .unwrap_or_default(),
                    y: d.date.map_or(0, |t| i32::from(t.year())),
                    s: if cut {
                        format!("{s}…")
                    } else {
                        s.to_string()
                    },
                }
            })
            .collect();
        html_safe_json(&serde_json::to_vec(&metas).unwrap())
    }

    fn doc<'a>(title: &'a str, sapo: &'a str, date: Option<jiff::civil::DateTime>) -> Doc<'a> {
        Doc {
            url: "/phong-tho/bai-1/",
            title,
            kind: 0,
            district: date.map(|_| 3),
            date,
            sapo,
            names: Names::default(),
            body: "",
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        let long = "Chi bộ “4 tốt” của Đảng bộ thị xã Nghĩa Lộ ".repeat(20);
        let unbroken = "Nghĩa".repeat(100);
        let date = jiff::civil::date(2017, 8, 28).at(7, 5, 0, 0);
        let cases = [
            doc(
                "Gương sáng <b>Đảng</b> & \"dân\"",
                "Sapo ngắn\\ngắn",
                Some(date),
            ),
            doc(&every_byte, &every_byte, None),
            doc("Tiêu đề", &long, Some(date)),
            doc("Tiêu đề", &unbroken, None),
            doc("", "", None),
        ];
        for case in &cases {
            let one = std::slice::from_ref(case);
            assert_eq!(
                String::from_utf8(chunk(one)).unwrap(),
                String::from_utf8(reference(one)).unwrap()
            );
        }
        assert_eq!(chunk(&cases), reference(&cases));
        let parsed: serde_json::Value = serde_json::from_slice(&chunk(&cases)).unwrap();
        assert_eq!(parsed[1]["t"], every_byte.as_str(), "every byte comes back");
        assert_eq!(parsed[0]["dt"], "28/08/2017");
        let s = parsed[2]["s"].as_str().unwrap();
        assert!(
            s.ends_with("Đảng…") && s.chars().count() <= SNIPPET + 1,
            "{s}"
        );
        assert!(!chunk(&cases).windows(2).any(|w| w == b"<b"));
    }
}
