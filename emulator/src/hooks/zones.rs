//! `DescribeVpnGatewayAvailableZones`: the zones of [`ZONES`], the emulator's own table
//! (documented in its README), by region; the large specifications (`200M` and up) are
//! offered in the first two zones of a region only. `AcceptLanguage=zh-CN` names the
//! zones in Chinese.

use serde_json::{Map, Value, json};

use crate::engine::{Answer, Ctx};
use crate::params::Params;
use crate::store::Record;

/// Zones by region: (region, zone letters, the region's English and Chinese names).
pub const ZONES: &[(&str, &str, &str, &str)] = &[
    ("cn-hangzhou", "hijk", "Hangzhou", "杭州"),
    ("cn-shanghai", "befg", "Shanghai", "上海"),
    ("cn-beijing", "hijk", "Beijing", "北京"),
    ("cn-qingdao", "bc", "Qingdao", "青岛"),
    ("cn-zhangjiakou", "abc", "Zhangjiakou", "张家口"),
    ("cn-shenzhen", "def", "Shenzhen", "深圳"),
    ("cn-heyuan", "ab", "Heyuan", "河源"),
    ("cn-hongkong", "bcd", "Hong Kong", "香港"),
    ("ap-southeast-1", "abc", "Singapore", "新加坡"),
    ("eu-central-1", "ab", "Frankfurt", "法兰克福"),
    ("us-west-1", "ab", "Silicon Valley", "硅谷"),
];

/// Specifications offered in the first two zones only.
const LARGE: [&str; 3] = ["200M", "500M", "1000M"];

/// `DescribeVpnGatewayAvailableZones`.
pub fn available_zones(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let chinese = p.str("AcceptLanguage") == Some("zh-CN");
    let large = LARGE.contains(&p.str_or_empty("Spec"));
    let zones: Vec<Value> = ZONES
        .iter()
        .filter(|(region, ..)| *region == ctx.region)
        .flat_map(|(region, letters, en, zh)| {
            letters
                .chars()
                .take(if large { 2 } else { usize::MAX })
                .map(move |l| {
                    let name = if chinese {
                        format!("{zh} 可用区{}", l.to_ascii_uppercase())
                    } else {
                        format!("{en} Zone {}", l.to_ascii_uppercase())
                    };
                    json!({"ZoneId": format!("{region}-{l}"), "ZoneName": name})
                })
        })
        .collect();
    let mut out = Map::new();
    out.insert("RegionId".into(), json!(ctx.region));
    out.insert("AvailableZoneIdList".into(), Value::Array(zones));
    Ok(out)
}
