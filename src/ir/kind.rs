//! The node kinds of the document tree, named as in docutils' doctree
//! (`docutils.nodes`), plus the Sphinx lesson subset (`sphinx.addnodes`).
//!
//! A [`Kind`] is a plain tag: the data of a node lives in its attributes and
//! children (see [`super::Element`]). Writers `match` on the kind with no
//! catch-all arm, so adding a kind here breaks the build until every writer
//! has decided what to do with it.

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $cat:ident; )*) => {
        /// The kind of an element node. The docutils tag name is [`Kind::name`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[ $( Kind::$variant, )* ];

            /// The docutils tag name (`bullet_list`, `literal_block`, ...).
            pub fn name(self) -> &'static str {
                match self { $( Kind::$variant => $name, )* }
            }

            /// The kind for a docutils tag name.
            pub fn from_name(name: &str) -> Option<Kind> {
                match name { $( $name => Some(Kind::$variant), )* _ => None }
            }

            /// Where the kind sits in docutils' class hierarchy.
            pub fn category(self) -> Category {
                match self { $( Kind::$variant => Category::$cat, )* }
            }
        }
    };
}

/// Broad classes of node, following docutils' element categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// document, section, topic, sidebar, transition
    Structural,
    /// header, footer, decoration
    Decorative,
    /// docinfo and the bibliographic fields
    Bibliographic,
    /// block-level body elements
    Body,
    /// parts of body elements that only occur inside them (list_item, entry, ...)
    Part,
    /// inline elements (inside paragraphs and other text elements)
    Inline,
    /// nodes whose meaning is for the resolve passes (pending, toctree, only, ...)
    Meta,
}

kinds! {
    // --- structural -------------------------------------------------------
    /// The root. Attributes: `source`, `title`, ids/names.
    Document => "document", Structural;
    Section => "section", Structural;
    /// A titled block aside from the flow (also made by `contents`).
    Topic => "topic", Structural;
    Sidebar => "sidebar", Structural;
    Transition => "transition", Structural;

    // --- decorative -------------------------------------------------------
    Decoration => "decoration", Decorative;
    Header => "header", Decorative;
    Footer => "footer", Decorative;

    // --- bibliographic ----------------------------------------------------
    Docinfo => "docinfo", Bibliographic;
    Author => "author", Bibliographic;
    Authors => "authors", Bibliographic;
    Organization => "organization", Bibliographic;
    Address => "address", Bibliographic;
    Contact => "contact", Bibliographic;
    Version => "version", Bibliographic;
    Revision => "revision", Bibliographic;
    Status => "status", Bibliographic;
    Date => "date", Bibliographic;
    Copyright => "copyright", Bibliographic;

    // --- titles -----------------------------------------------------------
    Title => "title", Part;
    Subtitle => "subtitle", Part;
    Rubric => "rubric", Body;

    // --- simple body elements --------------------------------------------
    Paragraph => "paragraph", Body;
    /// Preformatted text. Attributes: `xml:space`, `language`, `classes`
    /// (`code` and the language for highlighted code), `linenos`,
    /// `lineno_start`, `highlight_lines` (Sphinx `:emphasize-lines:`),
    /// `source` (literalinclude).
    LiteralBlock => "literal_block", Body;
    DoctestBlock => "doctest_block", Body;
    /// Display math (LaTeX source as text). Sphinx adds `label`, `number`,
    /// `nowrap`.
    MathBlock => "math_block", Body;
    LineBlock => "line_block", Body;
    Line => "line", Part;
    BlockQuote => "block_quote", Body;
    Attribution => "attribution", Part;
    Comment => "comment", Body;
    SubstitutionDefinition => "substitution_definition", Body;
    /// A hyperlink target: `refuri`, `refid` or `refname` once resolved.
    Target => "target", Body;
    Raw => "raw", Body;
    /// An instruction for a transform, kept from the parse stage until the
    /// resolve passes replace it (`contents`, `sectnum`, `class`, ...).
    Pending => "pending", Meta;
    Meta => "meta", Body;
    Image => "image", Body;

    // --- compound body elements -------------------------------------------
    Compound => "compound", Body;
    Container => "container", Body;
    BulletList => "bullet_list", Body;
    EnumeratedList => "enumerated_list", Body;
    ListItem => "list_item", Part;
    DefinitionList => "definition_list", Body;
    DefinitionListItem => "definition_list_item", Part;
    Term => "term", Part;
    Classifier => "classifier", Part;
    Definition => "definition", Part;
    FieldList => "field_list", Body;
    Field => "field", Part;
    FieldName => "field_name", Part;
    FieldBody => "field_body", Part;
    OptionList => "option_list", Body;
    OptionListItem => "option_list_item", Part;
    OptionGroup => "option_group", Part;
    /// One option (`-f FILE`) of an option group.
    OptionNode => "option", Part;
    OptionString => "option_string", Part;
    OptionArgument => "option_argument", Part;
    Description => "description", Part;
    Attention => "attention", Body;
    Caution => "caution", Body;
    Danger => "danger", Body;
    Error => "error", Body;
    Hint => "hint", Body;
    Important => "important", Body;
    Note => "note", Body;
    Tip => "tip", Body;
    Warning => "warning", Body;
    /// The generic admonition: its first child is a `title`.
    Admonition => "admonition", Body;
    Footnote => "footnote", Body;
    Citation => "citation", Body;
    Label => "label", Part;
    Figure => "figure", Body;
    Caption => "caption", Part;
    Legend => "legend", Part;
    Table => "table", Body;
    Tgroup => "tgroup", Part;
    /// Column spec: `colwidth`, `stub`.
    Colspec => "colspec", Part;
    Thead => "thead", Part;
    Tbody => "tbody", Part;
    Row => "row", Part;
    /// Table cell: `morerows`, `morecols`.
    Entry => "entry", Part;
    /// A problem in the document: `level` (1 info .. 4 severe), `type`,
    /// `line`, `source`, `backrefs`. Kept in the tree, as docutils does.
    SystemMessage => "system_message", Body;

    // --- inline -------------------------------------------------------------
    Emphasis => "emphasis", Inline;
    Strong => "strong", Inline;
    Literal => "literal", Inline;
    Reference => "reference", Inline;
    FootnoteReference => "footnote_reference", Inline;
    CitationReference => "citation_reference", Inline;
    SubstitutionReference => "substitution_reference", Inline;
    TitleReference => "title_reference", Inline;
    Abbreviation => "abbreviation", Inline;
    Acronym => "acronym", Inline;
    Superscript => "superscript", Inline;
    Subscript => "subscript", Inline;
    /// Inline math (LaTeX source as text).
    Math => "math", Inline;
    Inline => "inline", Inline;
    Problematic => "problematic", Inline;
    Generated => "generated", Inline;

    // --- Sphinx lesson subset (sphinx.addnodes) ------------------------------
    /// `toctree`: attributes `entries` (list of doc names), `titles`,
    /// `maxdepth`, `caption`, `numbered`, `hidden`, `glob`.
    Toctree => "toctree", Meta;
    /// `versionadded` / `versionchanged` / `deprecated`: `type`, `version`.
    VersionModified => "versionmodified", Body;
    /// `seealso`, an admonition.
    Seealso => "seealso", Body;
    /// `glossary`: wraps a definition_list whose terms carry ids.
    Glossary => "glossary", Body;
    Hlist => "hlist", Body;
    Hlistcol => "hlistcol", Part;
    Centered => "centered", Body;
    /// `index` entries: accepted, never rendered.
    Index => "index", Meta;
    /// `only`: attribute `expr`, evaluated per target format.
    Only => "only", Meta;
    /// A cross-reference waiting for the resolve passes: `refdomain`,
    /// `reftype`, `reftarget`, `refexplicit`.
    PendingXref => "pending_xref", Inline;
    /// `:download:`: `reftarget`, `filename`.
    DownloadReference => "download_reference", Inline;
    LiteralStrong => "literal_strong", Inline;
}

impl Kind {
    /// The nine specific admonitions of docutils (not the generic one).
    pub fn is_specific_admonition(self) -> bool {
        matches!(
            self,
            Kind::Attention
                | Kind::Caution
                | Kind::Danger
                | Kind::Error
                | Kind::Hint
                | Kind::Important
                | Kind::Note
                | Kind::Tip
                | Kind::Warning
        )
    }

    /// Any admonition, including `admonition` and Sphinx's `seealso`.
    pub fn is_admonition(self) -> bool {
        self.is_specific_admonition() || matches!(self, Kind::Admonition | Kind::Seealso)
    }

    /// Elements that hold text directly (docutils' `TextElement`s):
    /// their children are text and inline nodes.
    pub fn is_text_element(self) -> bool {
        matches!(
            self,
            Kind::Paragraph
                | Kind::Title
                | Kind::Subtitle
                | Kind::Rubric
                | Kind::LiteralBlock
                | Kind::DoctestBlock
                | Kind::MathBlock
                | Kind::Line
                | Kind::Attribution
                | Kind::Comment
                | Kind::SubstitutionDefinition
                | Kind::Target
                | Kind::Raw
                | Kind::Term
                | Kind::Classifier
                | Kind::FieldName
                | Kind::OptionString
                | Kind::OptionArgument
                | Kind::Label
                | Kind::Caption
                | Kind::Author
                | Kind::Organization
                | Kind::Address
                | Kind::Contact
                | Kind::Version
                | Kind::Revision
                | Kind::Status
                | Kind::Date
                | Kind::Copyright
                | Kind::Centered
        ) || self.category() == Category::Inline
    }

    /// Elements whose text is preformatted (whitespace is significant).
    pub fn is_preformatted(self) -> bool {
        matches!(
            self,
            Kind::LiteralBlock | Kind::DoctestBlock | Kind::MathBlock | Kind::Raw | Kind::Comment
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for &kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("no_such_node"), None);
    }

    #[test]
    fn kind_names_are_unique() {
        let mut names: Vec<_> = Kind::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }
}
