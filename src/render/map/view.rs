//! Which part of the world a map shows, and where a point lands on it.
//!
//! The projection is equirectangular with the longitudes shrunk by the cosine of the
//! view's middle latitude, which keeps shapes close to true at the scale of a region.
//! Views may reach past the antimeridian (a west edge below -180 or an east edge above
//! 180) and a little past a pole; nothing is ever wrapped inside a view.

/// Half the height of a one-place map, in degrees of latitude.
const HALF_LAT: f64 = 8.0;
/// How close, in degrees, a one-place pin may come to the edge of its map.
const POLE_MARGIN: f64 = 2.0;
/// The middle latitude used for the longitude scale is kept within this, so that a view
/// near a pole does not take in hundreds of degrees of longitude.
const MAX_SCALE_LAT: f64 = 75.0;

/// A rectangle of the world, in degrees, drawn on a canvas of `width` × `height` units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct View {
    /// West edge, degrees east (may be below -180).
    pub west: f64,
    /// East edge (may be above 180); `east - west` is at most 360.
    pub east: f64,
    /// South edge (may be a little below -90).
    pub south: f64,
    /// North edge (may be a little above 90).
    pub north: f64,
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
}

impl View {
    /// The map of one place, `width` × `height`, with the place in the middle (or as near
    /// the middle as a pole allows).
    pub fn around(lat: f64, lon: f64, width: f64, height: f64) -> View {
        let lat = lat.clamp(-90.0, 90.0);
        let lon = normalize_lon(lon);
        let north = (lat + HALF_LAT).min((lat + POLE_MARGIN).max(90.0));
        let south = (lat - HALF_LAT).max((lat - POLE_MARGIN).min(-90.0));
        let (south, north) = if north - lat < HALF_LAT {
            (north - 2.0 * HALF_LAT, north)
        } else {
            (south, south + 2.0 * HALF_LAT)
        };
        let k = lon_scale((north + south) / 2.0);
        let half_lon = (HALF_LAT * width / height / k).min(180.0);
        View {
            west: lon - half_lon,
            east: lon + half_lon,
            south,
            north,
            width,
            height,
        }
    }

    /// The map of several places, `width` units wide, its height chosen to fit them
    /// (between half and four fifths of the width); `None` for no places. The view takes
    /// the shortest way round: places on both sides of the antimeridian stay together.
    pub fn around_all(points: &[(f64, f64)], width: f64) -> Option<View> {
        let (&(lat0, _), _) = points.split_first()?;
        let mut south = lat0;
        let mut north = lat0;
        for &(lat, _) in points {
            south = south.min(lat.clamp(-90.0, 90.0));
            north = north.max(lat.clamp(-90.0, 90.0));
        }
        let (west, east) = lon_extent(points.iter().map(|&(_, lon)| lon));
        let pad_lat = (0.15 * (north - south)).max(1.5);
        let (mut south, mut north) = (south - pad_lat, north + pad_lat);
        let k = lon_scale((north + south) / 2.0);
        let pad_lon = (0.12 * (east - west)).max(1.5 / k);
        let (mut west, mut east) = (west - pad_lon, east + pad_lon);
        // At least a few degrees across, and an aspect ratio between 5:4 and 2:1.
        let min_lat = 6.0;
        if north - south < min_lat {
            let grow = (min_lat - (north - south)) / 2.0;
            (south, north) = (south - grow, north + grow);
        }
        let aspect = (east - west) * k / (north - south);
        if aspect < 1.25 {
            let grow = ((north - south) * 1.25 / k - (east - west)) / 2.0;
            (west, east) = (west - grow, east + grow);
        } else if aspect > 2.0 {
            let grow = ((east - west) * k / 2.0 - (north - south)) / 2.0;
            (south, north) = (south - grow, north + grow);
        }
        if east - west > 360.0 {
            let middle = (west + east) / 2.0;
            (west, east) = (middle - 180.0, middle + 180.0);
        }
        // Not more than a little past the poles.
        let limit = 90.0 + POLE_MARGIN;
        if north - south > 2.0 * limit {
            (south, north) = (-limit, limit);
        } else if north > limit {
            (south, north) = (south - (north - limit), limit);
        } else if south < -limit {
            (south, north) = (-limit, north + (-limit - south));
        }
        let k = lon_scale((north + south) / 2.0);
        let height = (width * (north - south) / ((east - west) * k))
            .clamp(width / 2.0, width * 0.8)
            .round();
        Some(View {
            west,
            east,
            south,
            north,
            width,
            height,
        })
    }

    /// Canvas coordinates of a point, with its longitude as given (not wrapped).
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.west) * self.width / (self.east - self.west),
            (self.north - lat) * self.height / (self.north - self.south),
        )
    }

    /// Canvas coordinates of a place: its longitude is moved by 360 degrees when that
    /// brings it into the view (a place at 179.9 on a view from 170 to 190).
    pub fn project_place(&self, lat: f64, lon: f64) -> (f64, f64) {
        let middle = (self.west + self.east) / 2.0;
        let lon = middle + normalize_lon(lon - middle);
        self.project(lon, lat)
    }

    /// The shifts by whole turns (-360, 0, 360) that bring a longitude range
    /// `west..=east` (within -180..=540) over this view.
    pub fn shifts(&self, west: f64, east: f64) -> impl Iterator<Item = f64> + '_ {
        [-360.0, 0.0, 360.0]
            .into_iter()
            .filter(move |s| west + s <= self.east && east + s >= self.west)
    }
}

/// A longitude in -180..180 (180 itself stays 180).
fn normalize_lon(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// How much shorter a degree of longitude is than a degree of latitude at `lat`.
fn lon_scale(lat: f64) -> f64 {
    lat.clamp(-MAX_SCALE_LAT, MAX_SCALE_LAT).to_radians().cos()
}

/// The shortest longitude range that holds every longitude: the whole circle less its
/// widest gap. The west end is in -180..180; the east end may be past 180.
fn lon_extent(lons: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut lons: Vec<f64> = lons.map(normalize_lon).collect();
    lons.sort_by(f64::total_cmp);
    let (Some(&first), Some(&last)) = (lons.first(), lons.last()) else {
        return (0.0, 0.0);
    };
    // The gap from the last longitude round to the first, then every gap in between.
    let mut best = (first + 360.0 - last, first);
    for pair in lons.windows(2) {
        if let [a, b] = pair {
            if b - a > best.0 {
                best = (b - a, *b);
            }
        }
    }
    let (gap, west) = best;
    (west, west + 360.0 - gap)
}

#[cfg(test)]
mod tests {
    use super::{View, lon_extent, normalize_lon};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn a_place_is_in_the_middle_of_its_map() {
        let v = View::around(43.12, 131.89, 480.0, 320.0);
        let (x, y) = v.project_place(43.12, 131.89);
        assert!(close(x, 240.0) && close(y, 160.0), "{x} {y}");
        assert!(close(v.north - v.south, 16.0));
        // Degrees of longitude are shorter than degrees of latitude this far north.
        let (x1, _) = v.project(132.89, 43.12);
        let (_, y1) = v.project(131.89, 42.12);
        assert!(x1 - x < y1 - y);
        assert!(close((x1 - x) / (y1 - y), 43.12_f64.to_radians().cos()));
    }

    #[test]
    fn a_place_near_a_pole_stays_off_the_edge() {
        let v = View::around(89.0, 10.0, 480.0, 320.0);
        assert!(close(v.north, 91.0), "{v:?}");
        assert!(close(v.south, 75.0));
        let (_, y) = v.project_place(89.0, 10.0);
        assert!(y > 30.0 && y < 160.0, "{y}");
        assert!(v.east - v.west <= 360.0);
        let v = View::around(-90.0, 0.0, 480.0, 320.0);
        assert!(close(v.south, -92.0), "{v:?}");
        let (_, y) = v.project_place(-90.0, 0.0);
        assert!(y < 320.0 - 30.0);
    }

    #[test]
    fn a_place_on_the_antimeridian_wraps() {
        let v = View::around(-16.5, 179.9, 480.0, 320.0);
        assert!(v.east > 180.0 && v.west < 179.9);
        let (x, _) = v.project_place(-16.5, 179.9);
        assert!(close(x, 240.0));
        // The same meridian written as a western longitude lands on the same spot.
        let (x2, _) = v.project_place(-16.5, -180.1);
        assert!(close(x, x2), "{x} {x2}");
        let shifts: Vec<f64> = v.shifts(-180.0, -170.0).collect();
        assert_eq!(shifts, vec![360.0]);
        let shifts: Vec<f64> = v.shifts(-180.0, 180.0).collect();
        assert_eq!(shifts, vec![0.0, 360.0]);
    }

    #[test]
    fn several_places_take_the_short_way_round() {
        assert_eq!(
            lon_extent([170.0, -170.0, 175.0].into_iter()),
            (170.0, 190.0)
        );
        assert_eq!(lon_extent([-10.0, 30.0, 10.0].into_iter()), (-10.0, 30.0));
        assert_eq!(lon_extent([5.0].into_iter()), (5.0, 5.0));
        let v = View::around_all(&[(-17.7, 178.0), (-13.8, -171.8)], 640.0).expect("view");
        assert!(v.west < 178.0 && v.east > 188.2, "{v:?}");
        assert!(v.east - v.west < 60.0);
        for (lat, lon) in [(-17.7, 178.0), (-13.8, -171.8)] {
            let (x, y) = v.project_place(lat, lon);
            assert!(x > 0.0 && x < v.width && y > 0.0 && y < v.height, "{x} {y}");
        }
    }

    #[test]
    fn the_places_index_view_holds_every_place() {
        let places = [
            (21.03, 105.85),
            (42.43, 130.64),
            (39.04, 125.76),
            (37.57, 126.98),
            (43.12, 131.89),
        ];
        let v = View::around_all(&places, 640.0).expect("view");
        assert!(v.height >= 320.0 && v.height <= 512.0);
        for (lat, lon) in places {
            let (x, y) = v.project_place(lat, lon);
            assert!(x > 20.0 && x < v.width - 20.0, "{x}");
            assert!(y > 20.0 && y < v.height - 20.0, "{y}");
        }
        assert!(View::around_all(&[], 640.0).is_none());
    }

    #[test]
    fn the_whole_world_fits() {
        let v =
            View::around_all(&[(89.0, -179.0), (-89.0, 0.0), (0.0, 179.0)], 640.0).expect("view");
        assert!(v.east - v.west <= 360.0 + 1e-9);
        assert!(v.north <= 92.0 && v.south >= -92.0, "{v:?}");
        assert!(v.height.is_finite() && v.height > 0.0);
        let one = View::around_all(&[(0.0, 0.0)], 640.0).expect("view");
        let (x, y) = one.project_place(0.0, 0.0);
        assert!(
            close(x, 320.0) && close(y, one.height / 2.0),
            "{x} {y} {one:?}"
        );
    }

    #[test]
    fn longitudes_are_normalized() {
        assert_eq!(normalize_lon(190.0), -170.0);
        assert_eq!(normalize_lon(-190.0), 170.0);
        assert_eq!(normalize_lon(180.0), 180.0);
        assert_eq!(normalize_lon(540.0), -180.0);
    }
}
