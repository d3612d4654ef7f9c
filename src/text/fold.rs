//! Normalisation, folding and slugs.

use std::borrow::Cow;
use unicode_normalization::char::decompose_canonical;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Returns `s` in NFC. Editors paste text from Word, browsers and phones; the same
/// syllable may arrive precomposed or decomposed and must compare equal afterwards.
/// Borrowed when already NFC, which is the common case, so the check costs no copy.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if all_composed_starters(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// Whether `c` is NFC whatever surrounds it: it is its own composition (NFC_QC=Yes) and
/// a starter (combining class 0), so no mark before or after it can reorder or compose
/// with it. True for ASCII, Latin-1 to Latin Extended-B and the precomposed Vietnamese
/// letters, which is nearly every character of a Vietnamese story, so [`nfc`] rarely
/// needs the Unicode tables. A mark after such a letter is not in these ranges, and
/// sends the text to the full check.
#[cfg(test)]
fn composed_starter(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}')
}

/// [`composed_starter`] for every character of valid UTF-8 `b`, read from the bytes.
/// Every byte from 0xCC up leads a character beyond U+02FF (continuation bytes stop at
/// 0xBF), so the scan only looks at those: each must lead U+1E00–U+1EFF (E1 B8–BB) or
/// U+2010–U+2027 (E2 80 90–A7). Such bytes are found eight at a time with word
/// arithmetic, and only they are looked at: a Vietnamese story has one every few bytes,
/// and a byte-by-byte loop was nearly 5% of a build.
fn all_composed_starters(b: &[u8]) -> bool {
    let lead_allowed = |i: usize| match b[i] {
        0xE1 => matches!(b.get(i + 1), Some(0xB8..=0xBB)),
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90..=0xA7)),
        _ => false,
    };
    let (words, tail) = b.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        let mut leads = at_least_0xcc(u64::from_le_bytes(*word));
        while leads != 0 {
            if !lead_allowed(n * 8 + (leads.trailing_zeros() / 8) as usize) {
                return false;
            }
            leads &= leads - 1;
        }
    }
    (b.len() - tail.len()..b.len()).all(|i| b[i] < 0xCC || lead_allowed(i))
}

/// The top bit of each byte of `w` that is 0xCC or more, every other bit clear. Adding
/// 0x34 to a byte's low seven bits carries into its top bit exactly when they are 0x4C
/// or more, and never into the next byte.
fn at_least_0xcc(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TOP: u64 = 0x8080_8080_8080_8080;
    ((w & LOW7) + 0x3434_3434_3434_3434) & w & TOP
}

/// The five tone marks, as combining characters after NFD.
fn is_tone_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// Any combining mark in the ranges Vietnamese uses (tones, circumflex, breve, horn) and
/// the rest of the general combining block, so stray marks from other scripts fold too.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
}

/// Folds text for slugs and search: lower case, every mark removed, `đ` → `d`.
/// "Đảng bộ Thị uỷ" → "dang bo thi uy". Readers type without diacritics on phones;
/// folding both the index and the query makes their searches match.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for_each_base(s, |c| match c {
        'đ' | 'Đ' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    });
    out
}

/// Calls `f` with each character of `s` after canonical decomposition, combining marks
/// left out. ASCII, most of any Vietnamese text, skips the decomposition tables. Marks
/// are dropped, so their canonical order (what full NFD would add) does not matter.
fn for_each_base(s: &str, mut f: impl FnMut(char)) {
    let table = latin_bases();
    for c in s.chars() {
        if c.is_ascii() {
            f(c);
        } else if let Some(b) = latin_base(table, c) {
            f(char::from(b));
        } else {
            decompose_canonical(c, |d| {
                if !is_combining(d) {
                    f(d);
                }
            });
        }
    }
}

/// The ASCII base letter of a precomposed Latin letter, from [`latin_bases`].
fn latin_base(table: &[u8], c: char) -> Option<u8> {
    latin_index(c)
        .and_then(|i| table.get(i).copied())
        .filter(|&b| b != 0)
}

/// Where a precomposed Latin letter sits in [`latin_bases`]: Latin-1 Supplement to
/// Latin Extended-B (U+00C0–U+024F), then Latin Extended Additional (U+1E00–U+1EFF),
/// which holds most Vietnamese letters with a tone.
fn latin_index(c: char) -> Option<usize> {
    match c as u32 {
        n @ 0xC0..=0x24F => Some(n as usize - 0xC0),
        n @ 0x1E00..=0x1EFF => Some(n as usize - 0x1E00 + (0x250 - 0xC0)),
        _ => None,
    }
}

/// The ASCII base letter of each precomposed Latin letter ("ấ" → `a`), or 0 when it has
/// none (such as "đ", which folding maps itself). Built once from the Unicode data, so
/// folding Vietnamese text mostly costs a table lookup per letter.
fn latin_bases() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let ranges = (0xC0u32..=0x24F).chain(0x1E00..=0x1EFF);
        ranges
            .map(|n| {
                let mut base = 0u8;
                if let Some(c) = char::from_u32(n) {
                    let mut first = true;
                    decompose_canonical(c, |d| {
                        if first && d.is_ascii_alphabetic() {
                            base = d as u8;
                        }
                        first = false;
                    });
                }
                base
            })
            .collect()
    })
}

/// Folds text for the search index into runs of words: words are separated by exactly
/// one space, and punctuation ends a run with a newline, so two words are adjacent in the
/// text exactly when `"a b"` is a substring.
pub fn fold_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_words(s, &mut String::new(), |word, adjacent| {
        if !out.is_empty() {
            out.push(if adjacent { ' ' } else { '\n' });
        }
        out.push_str(word);
    });
    out
}

/// Calls `f` with each word of `s` folded (lower case, marks removed, `đ` → `d`) and
/// whether it follows the previous word across nothing but whitespace, so a phrase
/// cannot span punctuation. `word` is scratch space for the word being folded.
pub fn fold_words(s: &str, word: &mut String, mut f: impl FnMut(&str, bool)) {
    let mut simple = String::new();
    let mut sink = |w: Word<'_>, adjacent| match w {
        Word::Simple(raw) => {
            simple.clear();
            fold_simple(raw, &mut simple);
            f(&simple, adjacent)
        }
        Word::Folded { word, .. } => f(word, adjacent),
    };
    fold_words_raw(s, word, &mut sink)
}

/// A word met by [`fold_words_raw`].
pub enum Word<'a> {
    /// Text of ASCII letters and digits, precomposed Latin letters, `đ` and combining
    /// marks only, which folds to one word by [`fold_simple`]: the same text always gives
    /// the same word, so a caller may keep what it made of it by the text itself.
    Simple(&'a str),
    /// A word folded from text with anything else in it, and the text it was folded
    /// from: its letters and the marks on them, without what surrounds them.
    Folded { word: &'a str, raw: &'a str },
}

/// Where [`fold_words_raw`] hands its words.
pub trait WordSink {
    /// Offered each piece of text between ASCII spaces and punctuation before it is read.
    /// Returns true when this sink was handed exactly this piece as a [`Word::Simple`]
    /// before and has taken it again as such: the piece is then not read at all.
    fn remembered(&mut self, _piece: &str, _adjacent: bool) -> bool {
        false
    }

    /// A word, and whether it follows the previous one across whitespace only.
    fn word(&mut self, word: Word<'_>, adjacent: bool);
}

impl<F: FnMut(Word<'_>, bool)> WordSink for F {
    fn word(&mut self, word: Word<'_>, adjacent: bool) {
        self(word, adjacent)
    }
}

/// [`SEPARATORS`] of a byte inside a piece: an ASCII letter or digit, or any byte of a
/// character beyond ASCII.
const PIECE: u8 = 0;
/// [`SEPARATORS`] of ASCII whitespace.
const SPACE: u8 = 1;
/// [`SEPARATORS`] of other ASCII: punctuation and control characters.
const PUNCT: u8 = 2;

/// What each byte is to [`fold_words_raw`]'s cut, so the cut is one lookup a byte.
static SEPARATORS: [u8; 256] = {
    let mut table = [PIECE; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        if c.is_ascii_whitespace() {
            table[b] = SPACE;
        } else if !c.is_ascii_alphanumeric() {
            table[b] = PUNCT;
        }
        b += 1;
    }
    table
};

/// The top bit of each byte of `w` that is [`SPACE`] or [`PUNCT`] in [`SEPARATORS`],
/// every other bit clear: ASCII other than letters and digits, found with word
/// arithmetic. `at_least(x, k)` adds `0x80 - k` to each seven-bit byte of `x`, which
/// carries into its top bit exactly when the byte is `k` or more, and never further.
fn separator_bytes(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least = |x: u64, k: u8| (x + u64::from(0x80 - k) * ONES) & TOP;
    let x = w & LOW7;
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    // Setting 0x20 lower-cases ASCII letters and moves nothing else into a–z.
    let lower = x | 0x2020_2020_2020_2020;
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    !(w | digit | letter) & TOP
}

/// [`fold_words`], handing over the words of Vietnamese text as they are written
/// ([`Word::Simple`]) and folding only the rest. The search index reads every story this
/// way and keeps each written form's syllable: a story repeats a few hundred written
/// forms, so folding letter by letter was most of the index's work.
///
/// Text is cut at ASCII spaces and punctuation first, and each piece is offered to
/// [`WordSink::remembered`]. A piece the sink does not remember, with nothing but simple
/// letters (almost every piece of a Vietnamese story), is one word; any other piece
/// (with “quotes”, a no-break space, Greek…) is folded letter by letter.
pub fn fold_words_raw(s: &str, word: &mut String, sink: &mut impl WordSink) {
    word.clear();
    // What lies between the last word and the next letter; a break before the first.
    let mut gap = Gap::Break;
    let table = latin_bases();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let kind = SEPARATORS[usize::from(bytes[i])];
        i += 1;
        if kind != PIECE {
            gap.see(kind == SPACE);
            continue;
        }
        let start = i - 1;
        i = piece_end(bytes, i);
        // Cut at ASCII bytes, so at character boundaries.
        let piece = &s[start..i];
        if sink.remembered(piece, gap == Gap::Space) {
            gap = Gap::None;
            continue;
        }
        match simple_letters(piece, table) {
            Some(true) => {
                sink.word(Word::Simple(piece), gap == Gap::Space);
                gap = Gap::None;
            }
            // Marks alone make no word and leave the gap as it was.
            Some(false) => {}
            None => fold_piece(piece, table, word, &mut gap, sink),
        }
    }
}

/// The end of the piece that goes on at `i`: the first separator from `i` on, or the
/// end of the text. Eight bytes at a time while they last, then one by one.
#[inline]
fn piece_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes[i..].first_chunk::<8>() {
        let cuts = separator_bytes(u64::from_le_bytes(*chunk));
        if cuts != 0 {
            return i + (cuts.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && SEPARATORS[usize::from(bytes[i])] == PIECE {
        i += 1;
    }
    i
}

/// For a piece without ASCII separators: whether it has letters, when it holds nothing
/// but ASCII letters and digits, precomposed Latin letters, `đ` and combining marks,
/// and so is one [`Word::Simple`]; `None` for any other piece.
fn simple_letters(piece: &str, table: &[u8]) -> Option<bool> {
    let mut letters = false;
    for c in piece.chars() {
        if c.is_ascii() || latin_base(table, c).is_some() || matches!(c, 'đ' | 'Đ') {
            letters = true;
        } else if !is_combining(c) {
            return None;
        }
    }
    Some(letters)
}

/// Folds a piece of text letter by letter into its words (see [`fold_words_raw`]).
fn fold_piece(piece: &str, table: &[u8], word: &mut String, gap: &mut Gap, f: &mut impl WordSink) {
    let mut w = Folding {
        piece,
        word,
        start: 0,
        end: 0,
        adjacent: false,
    };
    for (at, c) in piece.char_indices() {
        // ASCII and precomposed Latin letters take a table lookup; the rest goes
        // through the general path below.
        let l = if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                gap.see(c.is_ascii_whitespace());
                continue;
            }
        } else if let Some(b) = latin_base(table, c) {
            char::from(b.to_ascii_lowercase())
        } else {
            if is_combining(c) {
                // A loose mark folds away without ending the word; one right after a
                // letter belongs to the word as written.
                if *gap == Gap::None && !w.word.is_empty() {
                    w.end = at + c.len_utf8();
                }
            } else {
                // Anything else is decomposed.
                decompose_canonical(c, |d| {
                    if is_combining(d) {
                    } else if matches!(d, 'đ' | 'Đ') {
                        w.push(gap, f, 'd', at, c);
                    } else if d.is_alphanumeric() {
                        for l in d.to_lowercase() {
                            w.push(gap, f, l, at, c);
                        }
                    } else {
                        gap.see(d.is_whitespace());
                    }
                });
            }
            continue;
        };
        w.push(gap, f, l, at, c);
    }
    w.flush(f);
}

/// The word [`fold_piece`] is folding, and where it is written in the piece.
struct Folding<'a> {
    piece: &'a str,
    word: &'a mut String,
    /// The bytes of the piece the word was folded from.
    start: usize,
    end: usize,
    /// Whether the word follows the one before it across a space only.
    adjacent: bool,
}

impl Folding<'_> {
    /// Adds letter `l`, folded from `c` at byte `at` of the piece, first handing the word
    /// before it to `f` when a gap ends that word.
    #[inline(always)]
    fn push(&mut self, gap: &mut Gap, f: &mut impl WordSink, l: char, at: usize, c: char) {
        if *gap != Gap::None {
            self.flush(f);
            self.adjacent = *gap == Gap::Space;
            *gap = Gap::None;
        }
        if self.word.is_empty() {
            self.start = at;
        }
        self.word.push(l);
        self.end = at + c.len_utf8();
    }

    /// Hands the word, if any, to `f`.
    fn flush(&mut self, f: &mut impl WordSink) {
        if !self.word.is_empty() {
            let raw = &self.piece[self.start..self.end];
            f.word(
                Word::Folded {
                    word: self.word,
                    raw,
                },
                self.adjacent,
            );
            self.word.clear();
        }
    }
}

/// Folds a [`Word::Simple`] into `out`.
pub fn fold_simple(raw: &str, out: &mut String) {
    let table = latin_bases();
    for c in raw.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(b) = latin_base(table, c) {
            out.push(char::from(b.to_ascii_lowercase()));
        } else if matches!(c, 'đ' | 'Đ') {
            out.push('d');
        }
    }
}

/// What lies between two words while folding into runs.
#[derive(Clone, Copy, PartialEq)]
enum Gap {
    None,
    Space,
    Break,
}

impl Gap {
    /// Notes a character that is not part of a word: punctuation breaks the run, and a
    /// break is not undone by spaces after it.
    fn see(&mut self, whitespace: bool) {
        if !whitespace {
            *self = Gap::Break;
        } else if *self == Gap::None {
            *self = Gap::Space;
        }
    }
}

/// How search spells a folded syllable. Where `i` or `y` is the whole rhyme after a
/// consonant, both spellings are in use for the same word (kỹ/kĩ thuật, lý/lí do, Mỹ/Mĩ,
/// quý/quí, bác sỹ/sĩ, công ty/ti), and a reader cannot know which a story chose, so `y`
/// becomes `i`. `uy` (thuỷ, huy) and a lone `y` (y tế) are other rhymes and stay.
/// `themes/default/static/js/search.js` spells a query's words the same way.
pub fn search_spelling(folded: &str) -> std::borrow::Cow<'_, str> {
    const ONSETS: [&str; 25] = [
        "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "ch", "gh",
        "kh", "ng", "ngh", "nh", "ph", "qu", "th", "tr",
    ];
    match folded.strip_suffix('y') {
        Some(onset) if ONSETS.contains(&onset) => format!("{onset}i").into(),
        _ => folded.into(),
    }
}

/// A key that keeps vowel marks and the tone but not where the tone was written, so the
/// old and new placements ("hoà"/"hòa", "thuỷ"/"thủy") give the same key. Each word's
/// tone mark is moved to the end of the word. Lower-cased, NFC.
pub fn tone_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut word = String::new();
    let mut tone: Option<char> = None;
    let flush = |word: &mut String, tone: &mut Option<char>, out: &mut String| {
        if let Some(t) = tone.take() {
            word.push(t);
        }
        out.extend(word.nfc());
        word.clear();
    };
    for c in s.nfd() {
        if is_tone_mark(c) {
            tone = Some(c);
        } else if c.is_alphanumeric() || is_combining(c) {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut tone, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut tone, &mut out);
    out
}

/// The letter a name is filed under in a Vietnamese index: its first letter with vowel
/// marks kept and the tone dropped, upper case ("Ấp Bắc" → "Â", "Đỗ" → "Đ", "Ủy" → "U").
pub fn initial(name: &str) -> String {
    let Some(first) = name.trim().chars().find(|c| c.is_alphanumeric()) else {
        return "#".into();
    };
    if first.is_ascii_digit() {
        return "#".into();
    }
    let base: String = first
        .to_string()
        .nfd()
        .filter(|&c| !is_tone_mark(c))
        .nfc()
        .collect();
    base.to_uppercase()
}

/// Splits folded or unfolded text into words (runs of letters and digits).
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The URL slug of a name: folded, and each run of anything but ASCII letters and
/// digits turned into one `-`. "Thị ủy Nghĩa Lộ" → "thi-uy-nghia-lo". Characters of
/// other scripts are kept (lower-cased) rather than dropped, so no name folds to "".
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i_and_y_after_a_consonant_are_one_spelling() {
        // The same list as tests/browser/ranking.test.js checks in the client.
        for (given, want) in [
            ("ky", "ki"),
            ("ki", "ki"),
            ("ly", "li"),
            ("my", "mi"),
            ("quy", "qui"),
            ("ty", "ti"),
            ("ngy", "ngi"),
            ("thuy", "thuy"),
            ("huy", "huy"),
            ("tuy", "tuy"),
            ("y", "y"),
            ("tay", "tay"),
            ("quyet", "quyet"),
            ("gy", "gi"),
        ] {
            assert_eq!(search_spelling(given), want, "{given}");
        }
    }

    // The letter-by-letter fold that `fold_words_raw` replaced, kept as the oracle for
    // `pieces_fold_as_letter_by_letter`.
    fn reference(s: &str, word: &mut String, mut f: impl FnMut(&str, bool)) {
        word.clear();
        // What lies between the word in `word` and the next letter; a break before the first.
        let mut gap = Gap::Break;
        // Whether the word in `word` follows the one before it across a space only.
        let mut adjacent = false;
        let table = latin_bases();
        for c in s.chars() {
            // ASCII and precomposed Latin letters, nearly all of a Vietnamese text, take a
            // table lookup; the rest goes through the general path below.
            let l = if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    gap.see(c.is_ascii_whitespace());
                    continue;
                }
            } else if let Some(b) = latin_base(table, c) {
                char::from(b.to_ascii_lowercase())
            } else {
                if !is_combining(c) {
                    // A loose mark folds away without ending the word; anything else is
                    // decomposed.
                    decompose_canonical(c, |d| {
                        if is_combining(d) {
                        } else if matches!(d, 'đ' | 'Đ') {
                            reference_push(word, &mut gap, &mut adjacent, &mut f, 'd');
                        } else if d.is_alphanumeric() {
                            for l in d.to_lowercase() {
                                reference_push(word, &mut gap, &mut adjacent, &mut f, l);
                            }
                        } else {
                            gap.see(d.is_whitespace());
                        }
                    });
                }
                continue;
            };
            reference_push(word, &mut gap, &mut adjacent, &mut f, l);
        }
        if !word.is_empty() {
            f(word, adjacent);
            word.clear();
        }
    }

    fn reference_push(
        word: &mut String,
        gap: &mut Gap,
        adjacent: &mut bool,
        f: &mut impl FnMut(&str, bool),
        l: char,
    ) {
        if *gap != Gap::None {
            if !word.is_empty() {
                f(word, *adjacent);
                word.clear();
            }
            *adjacent = *gap == Gap::Space;
            *gap = Gap::None;
        }
        word.push(l);
    }

    #[test]
    fn pieces_fold_as_letter_by_letter() {
        // Mixtures of what stories hold: ASCII, Vietnamese letters precomposed and
        // decomposed, đ, loose marks, no-break spaces, curly quotes, dashes, letters
        // without an ASCII base, Greek, Cyrillic, CJK, emoji.
        let alphabet: Vec<char> =
            "aZ9 ,.:-\n\tĐđảẢộỘữươƯáÁ\u{0301}\u{0323}\u{0300}\u{00A0}“”–…ßøæİıάΆйЙ日本😀"
                .chars()
                .collect();
        let mut remembering = Remembering::default();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in 0..20_000 {
            let len = (next() % 24) as usize;
            let mut s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            if n % 4 == 0 {
                // Long pieces and long runs of separators, across the 8-byte words
                // a piece's end is looked for in.
                for _ in 0..(next() % 6) {
                    let run = ["a", "ộ", " ", ", ", "9"][(next() % 5) as usize];
                    s.push_str(&run.repeat((next() % 70) as usize));
                    s.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                }
            }
            let (mut new, mut old) = (Vec::new(), Vec::new());
            fold_words(&s, &mut String::new(), |w, a| new.push((w.to_string(), a)));
            reference(&s, &mut String::new(), |w, a| old.push((w.to_string(), a)));
            assert_eq!(new, old, "{s:?}");
            // A sink that remembers the simple pieces it met, as the index does, takes
            // the same words, whether this text is its first or its second.
            for _ in 0..2 {
                remembering.words.clear();
                fold_words_raw(&s, &mut String::new(), &mut remembering);
                assert_eq!(remembering.words, old, "{s:?}");
            }
        }
        assert!(remembering.hits > 1000, "the remembered path was taken");
    }

    /// A [`WordSink`] that keeps what it made of each [`Word::Simple`] by the text.
    #[derive(Default)]
    struct Remembering {
        known: std::collections::HashMap<String, String>,
        words: Vec<(String, bool)>,
        hits: usize,
    }

    impl WordSink for Remembering {
        fn remembered(&mut self, piece: &str, adjacent: bool) -> bool {
            let Some(w) = self.known.get(piece) else {
                return false;
            };
            self.words.push((w.clone(), adjacent));
            self.hits += 1;
            true
        }

        fn word(&mut self, word: Word<'_>, adjacent: bool) {
            let w = match word {
                Word::Simple(raw) => {
                    let mut w = String::new();
                    fold_simple(raw, &mut w);
                    self.known.insert(raw.to_string(), w.clone());
                    w
                }
                Word::Folded { word, raw } => {
                    let mut again = String::new();
                    fold_words(raw, &mut String::new(), |w, _| again.push_str(w));
                    assert_eq!(again, word, "{raw:?} is what {word:?} was folded from");
                    word.to_string()
                }
            };
            self.words.push((w, adjacent));
        }
    }

    #[test]
    fn folds_all_marks_and_d_bar() {
        assert_eq!(fold("Đảng bộ"), "dang bo");
        assert_eq!(fold("ĐẢNG BỘ"), "dang bo");
        assert_eq!(fold("Nghĩa Lộ"), "nghia lo");
        assert_eq!(fold("Mù Cang Chải"), "mu cang chai");
        assert_eq!(fold("điện"), "dien");
        assert_eq!(fold("Ưu tiên ươm"), "uu tien uom");
    }

    #[test]
    fn fast_table_agrees_with_full_decomposition() {
        for n in (0xC0u32..=0x24F).chain(0x1E00..=0x1EFF) {
            let Some(c) = char::from_u32(n) else { continue };
            let full: String = c.to_string().nfd().filter(|&d| !is_combining(d)).collect();
            let mut fast = String::new();
            for_each_base(&c.to_string(), |d| fast.push(d));
            assert_eq!(fast, full, "U+{n:04X} {c}");
        }
    }

    #[test]
    fn fold_is_the_same_for_nfd_input() {
        let nfd: String = "Thị ủy Nghĩa Lộ".nfd().collect();
        assert_eq!(fold(&nfd), fold("Thị ủy Nghĩa Lộ"));
    }

    #[test]
    fn slugs_follow_the_site_format() {
        assert_eq!(slugify("Thị ủy Nghĩa Lộ"), "thi-uy-nghia-lo");
        assert_eq!(slugify("Thị uỷ Nghĩa Lộ"), "thi-uy-nghia-lo");
        assert_eq!(
            slugify("  Mô hình “2 an” (an ninh) "),
            "mo-hinh-2-an-an-ninh"
        );
        assert_eq!(
            slugify("Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
            "doan-thanh-nien-cong-san-ho-chi-minh"
        );
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn tone_key_ignores_tone_placement_only() {
        assert_eq!(tone_key("hoà"), tone_key("hòa"));
        assert_eq!(tone_key("Thuỷ"), tone_key("thủy"));
        assert_eq!(tone_key("Thị uỷ Nghĩa Lộ"), tone_key("thị ủy nghĩa lộ"));
        assert_ne!(tone_key("hòa"), tone_key("hoa"));
        assert_ne!(tone_key("đảng"), tone_key("dang"));
    }

    #[test]
    fn initials_keep_vowel_letters_but_not_tones() {
        assert_eq!(initial("Ấp Bắc"), "Â");
        assert_eq!(initial("đỗ Thị Thanh Nga"), "Đ");
        assert_eq!(initial("Ủy ban"), "U");
        assert_eq!(initial("“2 an”"), "#");
    }

    #[test]
    fn fold_runs_folds_letters_as_fold_does() {
        // Every Latin, Greek and Cyrillic letter, alone and between ASCII letters, in
        // precomposed and decomposed form: `fold_runs` agrees with `fold`.
        for c in ('\0'..='\u{52F}').chain('\u{1E00}'..='\u{1EFF}') {
            if !c.is_alphanumeric() {
                continue;
            }
            for s in [
                format!("x{c}y"),
                format!("{c}"),
                format!("x{c}y").nfd().collect(),
            ] {
                assert_eq!(fold_runs(&s), fold(&s), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn fold_runs_separates_words_and_breaks_runs_at_punctuation() {
        assert_eq!(
            fold_runs("Nghĩa Lộ:  nhân   rộng, Đảng bộ"),
            "nghia lo\nnhan rong\ndang bo"
        );
        assert_eq!(fold_runs("  “2 an” "), "2 an");
        assert_eq!(fold_runs("ĐẢNG BỘ Thị uỷ"), "dang bo thi uy");
        assert_eq!(fold_runs("a\u{00A0}b – c"), "a b\nc");
        let nfd: String = "Nghĩa Lộ, Đảng".nfd().collect();
        assert_eq!(fold_runs(&nfd), "nghia lo\ndang");
    }

    #[test]
    fn fold_runs_agrees_with_fold_on_words() {
        let text = "Chi bộ Đảng “Thôn 3” đạt 13,2% — Ủy ban nhân dân xã Nậm Búng; ỗ ữ ặ Ð ß İ";
        let runs = fold_runs(text);
        let words: Vec<String> = super::words(&fold(text)).map(str::to_string).collect();
        let from_runs: Vec<&str> = runs.split(['\n', ' ']).collect();
        assert_eq!(from_runs, words);
    }

    #[test]
    fn separators_are_found_in_a_word_as_in_the_table() {
        for x in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = x;
                let cut = SEPARATORS[usize::from(x)] != PIECE;
                let want = if cut { 0x80u64 << (8 * at) } else { 0 };
                assert_eq!(
                    separator_bytes(u64::from_le_bytes(bytes)),
                    want,
                    "{x:#x} at {at}"
                );
            }
        }
        let mixed = u64::from_le_bytes(*b" a,Z9\xc3\xa1.");
        assert_eq!(separator_bytes(mixed), 0x8000_0000_0080_0080);
    }

    #[test]
    fn bytes_from_0xcc_up_are_found_in_a_word() {
        for x in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [0x41u8; 8];
                bytes[at] = x;
                let want = if x >= 0xCC { 0x80u64 << (8 * at) } else { 0 };
                assert_eq!(
                    at_least_0xcc(u64::from_le_bytes(bytes)),
                    want,
                    "{x:#x} at {at}"
                );
            }
        }
        let all = u64::from_le_bytes([0xCC, 0xCB, 0xFF, 0x80, 0xE1, 0xBF, 0x00, 0x7F]);
        assert_eq!(at_least_0xcc(all), 0x0000_0080_0080_0080);
    }

    #[test]
    fn composed_starters_are_nfc_in_any_company() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\0'..='\u{2FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{2010}'..='\u{2027}')
        {
            assert!(composed_starter(c));
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
        }
        // A letter followed by a combining mark is not NFC, and the mark is outside.
        assert!(!composed_starter('\u{0301}'));
        // The byte scan agrees with the character test on every character near the ranges.
        for c in ('\0'..='\u{3FF}').chain('\u{1D00}'..='\u{203F}') {
            let s = format!("Nghĩa Lộ {c} đạt 13,2%");
            assert_eq!(
                all_composed_starters(s.as_bytes()),
                s.chars().all(composed_starter),
                "U+{:04X}",
                c as u32
            );
        }
        // Also where a character straddles the scan's 8-byte words.
        for c in [
            '\u{301}', '\u{1DFF}', '\u{1E00}', '\u{1EFF}', '\u{2027}', '\u{2028}',
        ] {
            for pad in 0..40 {
                let s = format!("{}{c}ộ", "a".repeat(pad));
                assert_eq!(
                    all_composed_starters(s.as_bytes()),
                    composed_starter(c),
                    "U+{:04X} after {pad} bytes",
                    c as u32
                );
            }
        }
        let nfd: String = "Lộ".nfd().collect();
        assert!(matches!(nfc(&nfd), Cow::Owned(_)));
    }

    #[test]
    fn nfc_borrows_when_already_composed() {
        assert!(matches!(nfc("Lộ"), Cow::Borrowed(_)));
        let nfd: String = "Lộ".nfd().collect();
        assert_eq!(nfc(&nfd), "Lộ");
    }
}
