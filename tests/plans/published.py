"""Three kinds of published indicator tables, made up from the descriptions in issue 22 (no real table copied),
each with the layout quirks of its kind. Each is (title, header, rows) for tests.plans.sheets.table_bytes."""

# A district's “十五五” 主要指标: 单位 and 属性 columns, one “十五五”目标 column, section rows, a 资料来源 column.
DISTRICT_TITLE = "某区国民经济和社会发展第十五个五年规划主要指标"
DISTRICT_HEADER = ["序号", "指标", "单位", "2025年", "“十五五”目标", "属性", "资料来源"]
DISTRICT_ROWS = [
    ["一、经济发展", None, None, None, None, None, None],
    [1, "地区生产总值增长率", "%", "5.8", "5左右", "预期性", "统计局"],
    [2, "规上工业增加值（亿元）", "亿元", 1210, "1600", "预期性", "统计局"],
    ["二、绿色生态", None, None, None, None, None, None],
    [3, "单位地区生产总值能耗降低（%）", "%", "—", "15", "约束性", "发改委"],
    [4, "PM2.5平均浓度", "微克/立方米", 28, "不高于25", "约束性", "生态环境局"],
    [5, "研发经费投入强度", "%", "3.6", "力争4", "预期性", ""],
]

# A city's 制造业 three-year plan: no baseline, no 责任部门, yearly targets, an unlabelled number column.
CITY_TITLE = "某市制造业高质量发展三年行动计划（2024—2026年）主要指标"
CITY_HEADER = [None, "指标名称", "单位", "2024年目标", "2025年目标", "2026年目标"]
CITY_ROWS = [
    [1, "制造业增加值占GDP比重", "%", "35", "35.5", "36左右"],
    [2, "高新技术产业产值占比", "%", "50", "51", "52"],
    [3, "智能工厂数", "家", "10", "15", "力争20"],
]

# A province's indicator table: 一级指标 a 属性 column, one 2030年目标值 column, a 牵头单位 column, a notes row inside the table.
PROVINCE_TITLE = "某省全面建成小康社会指标"
PROVINCE_HEADER = ["一级指标", "序号", "指标（单位）", "属性", "2030年目标值", "牵头单位"]
PROVINCE_ROWS = [
    ["经济发展", 1, "人均地区生产总值（元）", "预期性", "≥80000", "工信局"],
    [None, 2, "城镇化率（%）", "预期性", "70", "工信局"],
    ["人民生活", 3, "居民人均可支配收入（元）", "预期性", "不低于60000", "发改委"],
    ["注：1. 人均地区生产总值按常住人口计算。", None, None, None, None, None],
    [None, 4, "城镇登记失业率（%）", "约束性", "4以下", "发改委"],
]
