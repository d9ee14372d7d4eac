//! The `ipynb` style section: the shared keys plus ipynb's own
//! (defaults in `formats/ipynb.yaml`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

style_section! {
    /// The effective style of the ipynb writer.
    IpynbStyle {
        /// The kernel a notebook gets when `kernel_from_code` finds no better
        /// match (default: Python 3 with ipykernel).
        kernel: KernelSpec,
        /// Pick the kernel from the lesson's dominant code language when
        /// `kernels` has a spec for it (a lesson of R code gets the R kernel).
        kernel_from_code: bool,
        /// Kernel specs by code language (lower case, Pygments names).
        kernels: BTreeMap<String, KernelSpec>,
        /// How markdown is cut into cells.
        cells: CellSplitting,
        /// Exercises and the answer cells that follow them.
        exercises: Exercises,
        /// What a shell session (`$ cmd` lines, `bash` blocks) becomes.
        shell_cells: ShellCells,
        /// How admonitions are drawn in markdown cells.
        admonition_style: AdmonitionStyle,
        /// Add a last cell with links to the previous and next lessons and
        /// the course index (lessons of a course pack only).
        navigation_cell: bool,
    }
}

/// A Jupyter kernel: what goes into the notebook's `kernelspec` and
/// `language_info` metadata (nbformat 4, "Top-level structure").
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct KernelSpec {
    /// Kernel name as `jupyter kernelspec list` shows it (`python3`).
    pub name: String,
    /// Name shown in the notebook UI (`Python 3 (ipykernel)`).
    pub display_name: String,
    /// Programming language (`python`); also decides which code blocks
    /// become code cells.
    pub language: String,
    /// `language_info.file_extension` (`.py`); empty to leave out.
    pub file_extension: String,
    /// `language_info.mimetype` (`text/x-python`); empty to leave out.
    pub mimetype: String,
    /// `language_info.pygments_lexer` (`ipython3`); empty to leave out.
    pub pygments_lexer: String,
    /// `language_info.codemirror_mode` name (`ipython`); empty to leave out.
    pub codemirror_mode: String,
    /// Version given with `codemirror_mode` (3 for `ipython`); 0 for none,
    /// which writes the mode as a plain string.
    pub codemirror_version: u32,
    /// `language_info.nbconvert_exporter` (`python`); empty to leave out.
    pub nbconvert_exporter: String,
}

impl Default for KernelSpec {
    fn default() -> Self {
        KernelSpec {
            name: "python3".into(),
            display_name: "Python 3 (ipykernel)".into(),
            language: "python".into(),
            file_extension: ".py".into(),
            mimetype: "text/x-python".into(),
            pygments_lexer: "ipython3".into(),
            codemirror_mode: "ipython".into(),
            codemirror_version: 3,
            nbconvert_exporter: "python".into(),
        }
    }
}

/// Where markdown cells end.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CellSplitting {
    /// Start a new markdown cell at every section of this depth or less
    /// (1 = top-level sections; 0 = only code cells split markdown).
    pub section_level: usize,
    /// Start a new markdown cell at the next top-level block once a cell
    /// has this many lines (0 = no limit). Blocks are never cut.
    pub max_lines: usize,
}

impl Default for CellSplitting {
    fn default() -> Self {
        CellSplitting {
            section_level: 2,
            max_lines: 60,
        }
    }
}

/// Exercises: admonitions the learner answers in the notebook.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exercises {
    /// Put an empty code cell after each exercise for the answer.
    pub answer_cells: bool,
    /// Admonition classes (`:class:`) that mark an exercise, matched
    /// without regard to case.
    pub classes: Vec<String>,
    /// The answer cell's starting text (a comment, or empty).
    pub answer_text: String,
}

impl Default for Exercises {
    fn default() -> Self {
        Exercises {
            answer_cells: false,
            classes: vec!["todo".into(), "exercise".into(), "challenge".into()],
            answer_text: "# Your answer here".into(),
        }
    }
}

/// What a shell session becomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShellCells {
    /// A fenced block in markdown: shown, never run.
    #[default]
    Text,
    /// A code cell: `$ cmd` lines become IPython `!cmd` lines (output lines
    /// are dropped), a shell script becomes a `%%bash` cell. Only for
    /// Python kernels, which understand these.
    Bang,
}

/// How admonitions are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdmonitionStyle {
    /// A box with the colours of `admonitions` (inline CSS that JupyterLab's
    /// sanitizer and the classic Notebook both keep).
    #[default]
    Html,
    /// A plain Markdown block quote with a bold title: renders anywhere
    /// Markdown does (GitHub, VS Code), without colour.
    Quote,
}
