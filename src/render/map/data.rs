//! The outlines the maps are drawn from: Natural Earth's land polygons and the land
//! borders between countries at 1:110 million, converted by `tools/map-data/generate.mjs`
//! from the npm package `world-atlas` 2.0.2 (ISC license; Natural Earth is in the public
//! domain) into `land.bin`, which is built into the binary.
//!
//! The file is `BMP1`, then the land rings, then the border lines, each list a `u16` count
//! of lines, each line a `u16` point count and its points as pairs of `i16` (longitude,
//! latitude) in hundredths of a degree, little-endian. Longitudes are continuous along a
//! line: one that crosses the antimeridian goes on past 180 rather than jumping to -180.

use std::sync::OnceLock;

/// The embedded outlines.
static LAND_BIN: &[u8] = include_bytes!("land.bin");

/// A ring or line of points, in degrees, with its bounding box.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    /// `(longitude, latitude)` pairs in degrees.
    pub points: Vec<(f64, f64)>,
    /// Westernmost longitude.
    pub west: f64,
    /// Easternmost longitude (may exceed 180).
    pub east: f64,
    /// Southernmost latitude.
    pub south: f64,
    /// Northernmost latitude.
    pub north: f64,
}

/// The whole world's outlines.
#[derive(Debug, Default)]
pub(super) struct World {
    /// Land polygons' rings (outer rings and holes alike; filled with the even-odd rule).
    pub land: Vec<Line>,
    /// Land borders between two countries.
    pub borders: Vec<Line>,
}

/// The embedded outlines, decoded on first use. A damaged file gives an empty world (maps
/// then show only their pins); a unit test makes sure the file that ships decodes.
pub(super) fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| decode(LAND_BIN).unwrap_or_default())
}

/// Reads bytes written by `generate.mjs`; `None` when they are not in that format.
pub(super) fn decode(bytes: &[u8]) -> Option<World> {
    let mut reader = Reader {
        bytes: bytes.strip_prefix(b"BMP1")?,
    };
    let land = reader.lines()?;
    let borders = reader.lines()?;
    reader.bytes.is_empty().then_some(World { land, borders })
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take2(&mut self) -> Option<[u8; 2]> {
        let (head, rest) = self.bytes.split_first_chunk::<2>()?;
        self.bytes = rest;
        Some(*head)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take2().map(u16::from_le_bytes)
    }

    fn degrees(&mut self) -> Option<f64> {
        self.take2()
            .map(|b| f64::from(i16::from_le_bytes(b)) / 100.0)
    }

    fn lines(&mut self) -> Option<Vec<Line>> {
        let count = self.u16()?;
        (0..count).map(|_| self.line()).collect()
    }

    fn line(&mut self) -> Option<Line> {
        let count = self.u16()?;
        let points = (0..count)
            .map(|_| Some((self.degrees()?, self.degrees()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Line::new(points))
    }
}

impl Line {
    /// A line through `points` (`(longitude, latitude)` in degrees).
    pub fn new(points: Vec<(f64, f64)>) -> Line {
        let mut line = Line {
            points,
            west: f64::INFINITY,
            east: f64::NEG_INFINITY,
            south: f64::INFINITY,
            north: f64::NEG_INFINITY,
        };
        for &(lon, lat) in &line.points {
            line.west = line.west.min(lon);
            line.east = line.east.max(lon);
            line.south = line.south.min(lat);
            line.north = line.north.max(lat);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::{LAND_BIN, decode, world};

    #[test]
    fn the_embedded_outlines_decode() {
        let world = world();
        assert!(world.land.len() > 100, "{} land rings", world.land.len());
        assert!(world.borders.len() > 100, "{} borders", world.borders.len());
        for line in world.land.iter().chain(&world.borders) {
            assert!(line.west >= -180.0 && line.east <= 200.0, "{line:?}");
            assert!(line.south >= -90.0 && line.north <= 90.0);
            for pair in line.points.windows(2) {
                let along_a_pole = pair[0].1.abs() == 90.0 && pair[1].1.abs() == 90.0;
                let step = (pair[0].0 - pair[1].0).abs();
                assert!(step < 180.0 || along_a_pole, "continuous longitudes");
            }
        }
        assert!(LAND_BIN.len() < 64 * 1024, "{} bytes", LAND_BIN.len());
    }

    #[test]
    fn damaged_data_is_refused() {
        assert!(decode(b"").is_none());
        assert!(decode(b"BMP1").is_none());
        assert!(decode(&LAND_BIN[..LAND_BIN.len() - 1]).is_none());
        let mut longer = LAND_BIN.to_vec();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let one = [
            b"BMP1".as_slice(),
            &[1, 0, 1, 0, 0x10, 0x27, 0x9c, 0xff, 0, 0],
        ]
        .concat();
        let world = decode(&one).expect("one ring of one point");
        assert_eq!(world.land[0].points, vec![(100.0, -1.0)]);
    }
}
