//! Where a build's files go: nowhere (`brief check`), a fresh folder swapped in at the
//! end (`brief build`, and the first build of `brief watch`), or the folder the previous
//! build of the same process wrote, updated in place (later builds of `brief watch`).

use std::path::Path;
use std::sync::Mutex;

use crate::output::{self, InPlaceWriter, OutputError, OutputRecord, SiteWriter};
use crate::render::Rendered;

/// The writer of one build.
#[derive(Debug)]
pub(super) enum Destination {
    /// Files are not written.
    Nowhere,
    /// A fresh copy of the site, swapped in when finished.
    Fresh(SiteWriter),
    /// The previous build's folder, updated in place when finished.
    InPlace(InPlaceWriter),
}

/// What a finished destination holds now.
#[derive(Debug)]
pub(super) struct Written {
    /// The files of the output folder, for the next build.
    pub record: Option<OutputRecord>,
    /// How many files were written (all of them for a fresh copy).
    pub files: usize,
}

impl Destination {
    /// Opens the destination for `out_dir`: in place when `previous` describes it and it
    /// still carries brief's marker, a fresh copy otherwise.
    pub(super) fn open(
        out_dir: &Path,
        previous: Option<OutputRecord>,
    ) -> Result<Destination, OutputError> {
        if let Some(record) = previous.filter(|r| r.dir() == out_dir) {
            if let Ok(writer) = InPlaceWriter::begin(record) {
                return Ok(Destination::InPlace(writer));
            }
        }
        SiteWriter::begin(out_dir).map(Destination::Fresh)
    }

    /// Whether files unchanged since the previous build may be handed over as
    /// [`Rendered::Unchanged`].
    pub(super) fn keeps_files(&self) -> bool {
        matches!(self, Destination::InPlace(_))
    }

    /// Takes one file of the new build.
    pub(super) fn accept(&self, path: &str, file: Rendered<'_>) -> Result<(), OutputError> {
        match (self, file) {
            (Destination::Nowhere, _) => Ok(()),
            (Destination::Fresh(writer), Rendered::Bytes(bytes)) => writer.write(path, bytes),
            (Destination::InPlace(writer), Rendered::Bytes(bytes)) => writer.write(path, bytes),
            (Destination::InPlace(writer), Rendered::Unchanged) => writer.keep(path),
            (Destination::Fresh(_), Rendered::Unchanged) => Err(OutputError::Io {
                action: "copy the previous version of",
                path: path.into(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            }),
        }
    }

    /// Makes the new build the content of the output folder. With `keep_the_rest`, the
    /// files of the previous build that were not handed over stay (only in place: a
    /// fresh copy holds only what was handed over).
    pub(super) fn finish(
        self,
        out_dir: &Path,
        keep_the_rest: bool,
    ) -> Result<Written, OutputError> {
        match self {
            Destination::Nowhere => {
                output::check_replaceable(out_dir)?;
                Ok(Written {
                    record: None,
                    files: 0,
                })
            }
            Destination::Fresh(writer) => {
                let finished = writer.finish()?;
                Ok(Written {
                    files: finished.stats.files,
                    record: Some(finished.record),
                })
            }
            Destination::InPlace(writer) => {
                let (record, written) = match keep_the_rest {
                    true => writer.finish_keeping_the_rest()?,
                    false => writer.finish()?,
                };
                Ok(Written {
                    record: Some(record),
                    files: written.len(),
                })
            }
        }
    }

    /// Gives up the new build; returns the record of the output folder when it is still
    /// exactly as the previous build left it.
    pub(super) fn abandon(self) -> Option<OutputRecord> {
        match self {
            Destination::InPlace(writer) => Some(writer.abandon()),
            Destination::Nowhere | Destination::Fresh(_) => None,
        }
    }
}

/// The first error of many threads' writes.
#[derive(Debug, Default)]
pub(super) struct FirstError(Mutex<Option<OutputError>>);

impl FirstError {
    /// Keeps `result`'s error unless one is kept already.
    pub(super) fn note(&self, result: Result<(), OutputError>) {
        if let Err(e) = result {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get_or_insert(e);
        }
    }

    /// The error kept, if any.
    pub(super) fn take(self) -> Option<OutputError> {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
