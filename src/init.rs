//! `rstconv init DIR`: a starter course that builds out of the box: an
//! index with a toctree, one lesson using the common constructs, a style
//! file to edit, and a Makefile whose per-lesson rules use `-M` depfiles,
//! so `make` rebuilds only the lessons that changed (and the books).

use std::path::{Path, PathBuf};

/// A problem creating the starter course.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}: folder exists and is not empty")]
    NotEmpty(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

const INDEX: &str = "\
==================
My Course
==================

A short course made with rstconv. Each lesson is one ``.rst`` file listed
in the table of contents below; ``make`` builds every format.

.. toctree::
   :maxdepth: 2
   :caption: Lessons

   first-lesson
";

const LESSON: &str = "\
.. _first-lesson:

First lesson
============

.. admonition:: Overview
   :class: Overview

   * **Tutorial:** 10 min
   * **Exercises:** 5 min

Some text with *emphasis*, **strong** and ``code``. Back to the
:doc:`index`.

Code
----

.. code-block:: python
   :linenos:

   def square(x):
       return x * x

   print(square(12))

Math
----

The area of a circle is :math:`A = \\pi r^2`.

.. note::

   Admonitions take a ``:class:`` that the style colours.

Exercise
--------

.. admonition:: Exercise
   :class: todo

   #. Change ``square`` to compute a cube.
   #. Run it again.
";

const STYLE: &str = "\
# Your style: any key of `rstconv --print-default-style` can go here.
shared:
  colors:
    link: \"#0b57d0\"
pdf:
  page:
    size: A4
";

const MAKEFILE: &str = "\
# Made by `rstconv init`. `make` builds every format into $(OUT)/;
# `make html`, `make pdf`, `make epub`, `make ipynb` build one.
# A lesson is rebuilt only when it (or a file it uses) changes; the books
# (index.html, the PDF and EPUB books, index.ipynb) when any lesson does.
# rstconv's -M depfiles list each output's dependencies.
RSTCONV ?= rstconv
OUT ?= _build
STYLE ?= style.yaml
LESSONS := $(patsubst %.rst,%,$(filter-out index.rst,$(wildcard *.rst)))
DEPS := $(OUT)/.deps
RUN = $(RSTCONV) . --style $(STYLE) -o $(OUT)/

all: html pdf epub ipynb
html: $(LESSONS:%=$(OUT)/%.html) $(OUT)/index.html
pdf: $(LESSONS:%=$(OUT)/%.pdf) $(OUT)/index.pdf
epub: $(LESSONS:%=$(OUT)/%.epub) $(OUT)/index.epub
ipynb: $(LESSONS:%=$(OUT)/%.ipynb) $(OUT)/index.ipynb

$(OUT)/%.html: %.rst $(STYLE)
\t$(RUN) --lesson $* -t html -M $(DEPS)/$*.html.d
$(OUT)/%.pdf: %.rst $(STYLE)
\t$(RUN) --lesson $* -t pdf -M $(DEPS)/$*.pdf.d
$(OUT)/%.epub: %.rst $(STYLE)
\t$(RUN) --lesson $* -t epub -M $(DEPS)/$*.epub.d
$(OUT)/%.ipynb: %.rst $(STYLE)
\t$(RUN) --lesson $* -t ipynb -M $(DEPS)/$*.ipynb.d

$(OUT)/index.html: index.rst $(LESSONS:%=%.rst) $(STYLE)
\t$(RUN) --books-only -t html -M $(DEPS)/book.html.d
$(OUT)/index.pdf: index.rst $(LESSONS:%=%.rst) $(STYLE)
\t$(RUN) --books-only -t pdf -M $(DEPS)/book.pdf.d
$(OUT)/index.epub: index.rst $(LESSONS:%=%.rst) $(STYLE)
\t$(RUN) --books-only -t epub -M $(DEPS)/book.epub.d
$(OUT)/index.ipynb: index.rst $(LESSONS:%=%.rst) $(STYLE)
\t$(RUN) --books-only -t ipynb -M $(DEPS)/book.ipynb.d

-include $(wildcard $(DEPS)/*.d)

clean:
\trm -rf $(OUT)

.PHONY: all html pdf epub ipynb clean
";

/// Write the starter course into `dir`; returns the files created.
pub fn write_starter_course(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let files = [
        ("index.rst", INDEX),
        ("first-lesson.rst", LESSON),
        ("style.yaml", STYLE),
        ("Makefile", MAKEFILE),
    ];
    let mut created = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
        created.push(path);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("x"), "x").expect("write");
        assert!(matches!(
            write_starter_course(dir.path()),
            Err(InitError::NotEmpty(_))
        ));
    }

    #[test]
    fn init_writes_a_loadable_style() {
        let dir = tempfile::tempdir().expect("tempdir");
        let course = dir.path().join("c");
        let files = write_starter_course(&course).expect("init");
        assert_eq!(files.len(), 4);
        let style = crate::style::StyleSource::from_path(&course.join("style.yaml")).expect("read");
        crate::style::Style::load(&[style]).expect("starter style is valid");
    }
}
