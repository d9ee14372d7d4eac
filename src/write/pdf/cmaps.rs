//! One-byte glyph codes for the embedded fonts that draw at most 255
//! glyphs: the two CMaps that make them readable (ISO 32000-1, 9.7.5 and
//! 9.10.3).
//!
//! printpdf embeds every font as a Type 0 font over the predefined
//! `Identity-H` CMap, two bytes a character, though a lesson's subset of a
//! face rarely has more than two hundred glyphs. Text strings are most of
//! a page's content stream, so one byte a character makes the corpus
//! document's page contents 17% smaller before compression and their
//! compression 15% faster. The font keeps its CIDs (the subset's glyph
//! numbers); only how a string's bytes are read as CIDs changes:
//!
//! - the font's `/Encoding` becomes an embedded CMap with one one-byte
//!   code space, each code its own CID ([`identity_one_byte_cmap`]);
//! - its `/ToUnicode` CMap reads the same one-byte codes, so text can
//!   still be copied and searched ([`to_unicode_cmap`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, Stream, StringFormat};

/// The name of the one-byte identity CMap.
const ONE_BYTE_CMAP_NAME: &[u8] = b"RSTC-Identity-OneByte-H";

/// The `/CIDSystemInfo` of the CIDFonts printpdf writes and of the CMap
/// that encodes them: the two must agree (9.7.5.2).
fn identity_system_info() -> Dictionary {
    let mut info = Dictionary::new();
    info.set(
        "Registry",
        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
    );
    info.set(
        "Ordering",
        Object::String(b"Identity".to_vec(), StringFormat::Literal),
    );
    info.set("Supplement", Object::Integer(0));
    info
}

/// A CMap program (Adobe Technical Note #5014): the resource's header
/// with its name, character collection and type, then `body` (the code
/// space and the mappings), then the footer that defines it.
fn cmap_program(name: &str, ordering: &str, cmap_type: u8, body: &str) -> String {
    let mut program = format!(
        "%!PS-Adobe-3.0 Resource-CMap\n\
         %%DocumentNeededResources: ProcSet (CIDInit)\n\
         %%IncludeResource: ProcSet (CIDInit)\n\
         /CIDInit /ProcSet findresource begin\n\
         12 dict begin\n\
         begincmap\n\
         /CIDSystemInfo 3 dict dup begin\n\
         /Registry (Adobe) def\n\
         /Ordering ({ordering}) def\n\
         /Supplement 0 def\n\
         end def\n\
         /CMapName /{name} def\n\
         /CMapVersion 1 def\n\
         /CMapType {cmap_type} def\n\
         /WMode 0 def\n\
         1 begincodespacerange\n\
         <00> <FF>\n\
         endcodespacerange\n"
    );
    program.push_str(body);
    program.push_str(
        "endcmap\n\
         CMapName currentdict /CMap defineresource pop\n\
         end\n\
         end\n",
    );
    program
}

/// The embedded CMap that reads each byte of a string as the CID of the
/// same number: `Identity-H` with a one-byte code space.
pub fn identity_one_byte_cmap() -> Stream {
    let name = String::from_utf8_lossy(ONE_BYTE_CMAP_NAME);
    let program = cmap_program(
        &name,
        "Identity",
        1,
        "1 begincidrange\n<00> <FF> 0\nendcidrange\n",
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"CMap".to_vec()));
    dict.set("CMapName", Object::Name(ONE_BYTE_CMAP_NAME.to_vec()));
    dict.set("CIDSystemInfo", Object::Dictionary(identity_system_info()));
    Stream::new(dict, program.into_bytes())
}

/// The `/ToUnicode` CMap of a font drawn with one-byte codes: `text` gives
/// the character each code stands for (codes above 255 are left out: a
/// font that has them keeps two-byte codes). Entries go in blocks of at
/// most 100, as CMap programs allow.
pub fn to_unicode_cmap(font_name: &str, text: &BTreeMap<u16, char>) -> Stream {
    let entries: Vec<(u8, char)> = text
        .iter()
        .filter_map(|(&code, &c)| Some((u8::try_from(code).ok()?, c)))
        .collect();
    let mut body = String::with_capacity(entries.len() * 16 + 64);
    for block in entries.chunks(100) {
        let _ = writeln!(body, "{} beginbfchar", block.len());
        for &(code, c) in block {
            let _ = write!(body, "<{code:02X}> <");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(body, "{unit:04X}");
            }
            body.push_str(">\n");
        }
        body.push_str("endbfchar\n");
    }
    let name = format!("{font_name}-OneByte-UCS");
    let program = cmap_program(&name, "UCS", 2, &body);
    Stream::new(Dictionary::new(), program.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(stream: &Stream) -> String {
        String::from_utf8_lossy(&stream.content).into_owned()
    }

    #[test]
    fn one_byte_cmap_maps_each_byte_to_its_own_cid() {
        let cmap = identity_one_byte_cmap();
        let text = program(&cmap);
        assert!(text.contains("1 begincodespacerange\n<00> <FF>\nendcodespacerange"));
        assert!(text.contains("1 begincidrange\n<00> <FF> 0\nendcidrange"));
        assert!(text.contains("/CMapName /RSTC-Identity-OneByte-H def"));
        assert_eq!(
            cmap.dict.get(b"CMapName").and_then(Object::as_name).ok(),
            Some(ONE_BYTE_CMAP_NAME)
        );
        // The CMap's system info is the CIDFonts' (Adobe-Identity-0).
        let info = cmap.dict.get(b"CIDSystemInfo").and_then(Object::as_dict);
        assert_eq!(info.ok(), Some(&identity_system_info()));
    }

    #[test]
    fn to_unicode_uses_one_byte_codes_and_utf16() {
        let text: BTreeMap<u16, char> = [(1, ' '), (2, 'A'), (3, 'é'), (4, '𝔸'), (300, 'x')]
            .into_iter()
            .collect();
        let cmap = program(&to_unicode_cmap("RSTCAA", &text));
        assert!(cmap.contains("<00> <FF>\nendcodespacerange"));
        assert!(cmap.contains(
            "4 beginbfchar\n<01> <0020>\n<02> <0041>\n<03> <00E9>\n<04> <D835DD38>\nendbfchar"
        ));
        // A code that needs two bytes has no place in a one-byte map.
        assert!(!cmap.contains("<12C>") && !cmap.contains("0078"));
    }

    #[test]
    fn to_unicode_blocks_hold_at_most_100_entries() {
        let text: BTreeMap<u16, char> = (1..=255u16)
            .map(|code| {
                (
                    code,
                    char::from_u32(0x4E00 + u32::from(code)).unwrap_or('?'),
                )
            })
            .collect();
        let cmap = program(&to_unicode_cmap("RSTCAB", &text));
        let blocks: Vec<&str> = cmap
            .lines()
            .filter(|l| l.ends_with("beginbfchar"))
            .collect();
        assert_eq!(
            blocks,
            ["100 beginbfchar", "100 beginbfchar", "55 beginbfchar"]
        );
        assert_eq!(cmap.matches("endbfchar").count(), 3);
    }
}
