# ruff: noqa: E501 - one demand per line reads better than wrapped Chinese
"""Enterprise technology demands, written the way firms write them: the plain problem, not the technology.

``{p}`` in a title or summary is one of the template's products; a demand is one template with one product.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.vocabulary import Field


@dataclass(frozen=True, slots=True)
class DemandTemplate:
    title: str
    title_en: str
    products: tuple[tuple[str, str], ...]
    summary: str
    keywords: tuple[str, ...]


def demand(title: str, title_en: str, products: str, summary: str, keywords: str) -> DemandTemplate:
    """A template from compact text: products ``中文=English; 中文=English``, keywords ``a,b``."""
    pairs = [tuple(part.strip() for part in product.split("=")) for product in products.split(";")]
    return DemandTemplate(
        title=title,
        title_en=title_en,
        products=tuple((p[0], p[1]) for p in pairs),
        summary=summary,
        keywords=tuple(k.strip() for k in keywords.split(",")),
    )


DEMANDS: dict[Field, tuple[DemandTemplate, ...]] = {
    Field.INTELLIGENT_MANUFACTURING: (
        demand(
            "{p}焊缝靠人工目检，想上自动检测",
            "Welds on {p} are checked by eye: looking for automatic inspection",
            "工程机械结构件=construction machinery structures; 不锈钢储罐=stainless steel tanks; 汽车座椅骨架=car seat frames",
            "我们公司做{p}焊接，现在焊缝全靠老师傅拿眼睛看，一个班下来人很累，漏检的件到了客户那里经常被退货。想找一套能装在产线上的自动检测设备，把气孔、裂纹、未焊透这些问题挑出来。",
            "焊缝检测,质量检验",
        ),
        demand(
            "{p}打磨招不到人，想用机器人",
            "Nobody wants to grind {p}: looking for robotic grinding",
            "铸件=castings; 卫浴龙头=bathroom taps; 不锈钢厨具=stainless kitchenware",
            "{p}打磨粉尘大、噪声大，年轻人不愿意干，车间打磨工平均年龄快五十岁了。想用机器人代替人工，但我们型号多、批量小，每个型号都示教编程太麻烦，希望机器人能自己适应工件形状。",
            "机器人打磨,柔性制造",
        ),
        demand(
            "一百多台{p}，数据还靠手抄",
            "Over a hundred {p}, production data still written down by hand",
            "数控机床=CNC machines; 注塑机=injection moulding machines; 纺织机=textile machines",
            "厂里有一百多台{p}，新旧品牌都有，很多是十几年前买的，开机率、产量全靠班组长手工记表。想低成本把设备联上网，实时看到每台设备在干什么、什么时候停的机，最好不动原来的控制系统。",
            "设备联网,数字化车间",
        ),
        demand(
            "{p}订单多又杂，排产全靠计划员经验",
            "High-mix {p} orders scheduled by the planner's experience",
            "机加工=machining; 钣金加工=sheet metal; 定制家具=custom furniture",
            "我们是做{p}的，订单多品种小批量，一天插好几个急单，计划员用Excel排产，一改就全乱，交期一拖再拖。想找一个能自动排产、插单后能快速重排的系统，要能和现有ERP对接。",
            "排产,生产计划",
        ),
        demand(
            "{p}早晚加工尺寸不一样",
            "{P} come out different in the morning and the afternoon",
            "精密轴类零件=precision shafts; 液压阀块=hydraulic valve blocks; 航空铝合金件=aerospace aluminium parts",
            "早上开机加工的{p}和下午的尺寸差好几个丝，夏天冬天也不一样，怀疑是机床热变形。现在只能停机测量再手动补偿，效率低还容易出废品。希望有高校团队帮我们把精度稳住。",
            "加工精度,热变形",
        ),
        demand(
            "{p}总是突然坏，整条线跟着停",
            "Sudden breakdowns of {p} stop the whole line",
            "大型风机=large fans; 空压机=air compressors; 轧机=rolling mills",
            "我们的{p}一坏整条线都得停，每次非计划停机损失几十万。现在只能定期检修，坏之前一点征兆都看不出来。想在设备上加装传感器，提前发现轴承、齿轮的问题，安排计划检修。",
            "预测性维护,故障诊断",
        ),
        demand(
            "{p}模具冷却慢，一模要四十多秒",
            "Slow cooling of {p} moulds: over forty seconds a shot",
            "汽车灯罩=car lamp covers; 家电面板=appliance panels; 医用注射器=medical syringes",
            "我们注塑{p}，一模要四十多秒，一大半时间在等冷却，产品还容易翘曲，客户一直在压价。想改进模具冷却把周期降下来，听说3D打印随形水路可以，想找有经验的团队合作。",
            "注塑,模具冷却",
        ),
        demand(
            "{p}比竞品费油，想改液压系统",
            "Our {p} burn more fuel than competitors: rework the hydraulics",
            "挖掘机=excavators; 装载机=wheel loaders",
            "我们生产中小型{p}，客户反映比同吨位的进口机型费油，一天要多烧几十升柴油。想请专家分析液压系统的能量损失、改进控制方案，整机油耗至少降10%。",
            "液压节能,油耗",
        ),
        demand(
            "{p}搬运全靠人推车",
            "Goods in the {p} are still moved by hand carts",
            "原材料仓库=raw material warehouse; 成品仓库=finished goods warehouse; 线边仓=line-side store",
            "厂里{p}每天人工推车搬运几百趟，叉车还经常和人抢道，出过两次安全事故。想上自动导引车，但车间通道窄、地面不平，货架位置也常调整，担心普通AGV用不了。",
            "AGV,物流搬运",
        ),
    ),
    Field.NEW_ENERGY_VEHICLES: (
        demand(
            "冬天{p}续航掉一半",
            "Our electric {p} lose half their range in winter",
            "物流车=delivery vans; 环卫车=sanitation trucks; 网约车=ride-hailing cars",
            "我们公司运营一批纯电{p}，一到冬天零下几度，满电跑的里程只有夏天一半多一点，早上停了一夜还充不进电。想找能改善电池低温性能或者给电池加热的技术，不想整车大改。",
            "冬季续航,低温充电",
        ),
        demand(
            "{p}剩余电量显示不准，客户投诉多",
            "Wrong remaining-charge readings on our {p}",
            "低速电动车=low-speed EVs; 电动三轮车=electric tricycles; 电动叉车=electric forklifts",
            "我们生产{p}，用户经常投诉仪表电量不准，明明显示还有20%，突然就没电趴窝了。想找懂电池管理算法的团队帮我们把电量算准，最好在现有BMS硬件上升级软件解决。",
            "电量估计,BMS",
        ),
        demand(
            "{p}装车后车速五六十有啸叫",
            "Our {p} whine at 50-60 km/h once in the car",
            "电驱动减速器=e-drive reducers; 三合一电驱总成=3-in-1 e-axles",
            "我们给主机厂配套{p}，装车后车速五六十公里每小时的时候，车里能听到刺耳的高频叫声。主机厂要求三个月内整改，否则换供应商。急需懂电机和齿轮噪声的团队帮我们找原因、改设计。",
            "NVH,啸叫",
        ),
        demand(
            "退役{p}检测分选太慢",
            "Testing and sorting retired {p} takes too long",
            "动力电池包=traction battery packs; 电动大巴电池=e-bus batteries",
            "我们回收退役{p}，现在一块一块做充放电测试，每块要两个多小时，检测跟不上回收量。希望有能快速判断电池健康状态的方法，把还能用的挑出来做储能，不能用的拆解回收。",
            "梯次利用,电池检测",
        ),
        demand(
            "{p}变压器容量不够，充电桩装不上",
            "Not enough transformer capacity for chargers at the {p}",
            "老旧小区=old residential compound; 写字楼地库=office car park; 公交场站=bus depot",
            "{p}想多装充电桩，供电部门说变压器容量不够，晚上一起充就要跳闸，扩容要花几百万还要等一两年。有没有办法不扩容多装桩，让车错开充？",
            "充电桩,有序充电",
        ),
        demand(
            "{p}电池包壳体太重",
            "Battery housings for {p} are too heavy",
            "电动客车=electric buses; 电动重卡=electric heavy trucks; 乘用车=passenger cars",
            "我们做{p}电池包，现在壳体用钢板焊接，太重了，整车厂要求每个包减重15%以上，成本还不能涨太多。想了解铝合金、复合材料壳体方案，同时要满足防火和挤压安全标准。",
            "轻量化,电池包",
        ),
        demand(
            "{p}电池怕起火，想提前报警",
            "Early warning of battery fires at our {p}",
            "换电站=battery swap stations; 储能集装箱=storage containers; 电动大巴车队=e-bus fleet",
            "行业里电池起火事故时有发生，我们{p}电池数量多，安全压力很大。现有系统只能测温度，发现异常时往往已经来不及。想加装能提前几分钟报警的监测装置，误报不能太多。",
            "热失控,安全预警",
        ),
        demand(
            "{p}想用钠电降成本",
            "Sodium-ion cells to cut the cost of {p}",
            "两轮车电池=e-bike batteries; 启停电池=start-stop batteries",
            "碳酸锂价格波动太大，我们做{p}利润被压得很薄。听说钠离子电池成本低、低温好，想找有成熟材料或电芯技术的团队合作，先小批量试产，看性能能不能满足客户要求。",
            "钠离子电池,降本",
        ),
    ),
    Field.BIOMEDICINE: (
        demand(
            "{p}检测试剂想做国产替代",
            "Domestic replacement for imported {p} test reagents",
            "心肌标志物=cardiac marker; 甲功=thyroid function; 肿瘤标志物=tumour marker",
            "我们是做体外诊断代理起家的，医院用的{p}检测试剂大多是进口的，价格高、供货周期长。公司计划自建产线，想引进成熟的化学发光试剂配方和工艺，最好团队能指导注册申报。",
            "体外诊断,化学发光",
        ),
        demand(
            "{p}收率低、三废处理压力大",
            "Low yield and heavy waste in making {p}",
            "抗病毒药中间体=antiviral intermediates; 降糖药原料药=antidiabetic API",
            "我们生产{p}，现在用间歇釜式反应，收率只有六成多，废水废渣处理一年好几百万，环保压力很大。想改用连续流或者酶催化工艺，找有工程化经验的团队合作开发。",
            "连续流,绿色工艺",
        ),
        demand(
            "{p}发酵产量低，成本下不来",
            "Fermentation yield of {p} too low to be profitable",
            "依克多因=ectoine; 透明质酸=hyaluronic acid; 维生素K2=vitamin K2",
            "我们发酵生产{p}，产量比同行低一截，成本下不来，订单做得越多越亏。希望找合成生物学方向的团队帮我们改造菌种、优化发酵工艺，可以按效果付费。",
            "发酵,菌种改造",
        ),
        demand(
            "{p}用的便携超声想自主研发",
            "Develop our own handheld ultrasound for {p}",
            "乡镇卫生院=township health centres; 急救车=ambulances",
            "我们是做医疗设备的，客户主要是{p}，反映现有超声设备又贵又重，医生也不太会调。想开发一款平板就能用的便携超声，找有探头和成像算法积累的团队合作。",
            "便携超声,基层医疗",
        ),
        demand(
            "{p}伤口难愈合，想做功能敷料",
            "Functional dressings for hard-to-heal {p}",
            "糖尿病足=diabetic foot ulcers; 压疮=pressure ulcers",
            "我们是医用耗材企业，现有产品以普通纱布、绷带为主，利润很低。看到{p}这类慢性伤口护理需求很大，想开发抗菌、促愈合的新型敷料，希望找有动物实验数据的团队合作。",
            "医用敷料,慢性创面",
        ),
        demand(
            "{p}用重组胶原蛋白原料想自己生产",
            "Make our own recombinant collagen for {p}",
            "医美=aesthetic medicine; 护肤品=skin care",
            "公司做{p}产品，重组胶原蛋白原料全部外购，价格贵而且供应不稳定。想引进表达和纯化工艺自己生产，希望技术成熟、能尽快放大到吨级。",
            "重组胶原蛋白,原料",
        ),
        demand(
            "{p}缺少下肢康复训练设备",
            "Not enough gait-training equipment for {p}",
            "康复医院=rehabilitation hospitals; 养老机构=care homes",
            "我们给{p}做设备集成，客户反映康复治疗师人手不够，病人排队做步行训练要等很久。想找能做下肢康复机器人的团队，产品要安全、好操作，价格不能太高。",
            "康复机器人,步态训练",
        ),
        demand(
            "{p}CT阅片工作量太大",
            "Too many CT scans to read at {p}",
            "体检中心=check-up centres; 县级医院=county hospitals",
            "我们为{p}提供影像信息化服务，客户反映体检CT越来越多，放射科医生看不过来，小结节容易漏。想合作开发肺结节智能识别软件，需要能拿到医疗器械注册证。",
            "医学影像,辅助诊断",
        ),
        demand(
            "{p}疫苗想试试mRNA新技术",
            "Trying mRNA technology for {p} vaccines",
            "生猪=pig; 家禽=poultry",
            "我们是动物疫苗企业，{p}疫病防控压力大，传统疫苗研发周期长。想了解mRNA疫苗在动物上的应用，找有递送载体技术的团队合作开发。",
            "mRNA疫苗,动物疫苗",
        ),
    ),
    Field.NEW_MATERIALS: (
        demand(
            "{p}外壳阻燃不达标",
            "Housings of {p} fail the flame-retardancy test",
            "充电桩=EV chargers; 储能柜=storage cabinets; 电源适配器=power adapters",
            "我们生产{p}，外壳用的普通PC料，客户要求阻燃达到V-0级而且不能含卤素，现在一加阻燃剂材料就变脆，跌落测试过不了。想找改性塑料方面的团队帮我们调配方。",
            "阻燃,改性塑料",
        ),
        demand(
            "{p}防腐涂层两三年就脱落",
            "Anticorrosion coating on {p} peels off within three years",
            "海边钢结构=seaside steelwork; 化工储罐=chemical tanks; 污水池=wastewater basins",
            "我们负责{p}的维护，现在的防腐涂层两三年就起泡脱落，每次重新喷涂都要停产，费用很高。想找更耐用的防腐涂层，最好能用十年以上。",
            "防腐涂层,耐久性",
        ),
        demand(
            "{p}散热不好，想换导热材料",
            "{P} run hot: looking for better thermal materials",
            "LED灯具=LED luminaires; 功率模块=power modules; 电池包=battery packs",
            "我们的{p}发热量大，现在的导热垫导热系数太低，温度降不下来，寿命受影响。进口导热材料价格贵、货期长，想找国内能做高导热绝缘材料的团队。",
            "导热材料,散热",
        ),
        demand(
            "{p}要换成可降解材料",
            "{P} must switch to biodegradable material",
            "快递袋=courier bags; 外卖餐盒=takeaway boxes; 农用地膜=mulch film",
            "政策限制一次性塑料，我们生产{p}，客户要求换成可降解的，但试过的材料要么太贵，要么耐热和强度不行。想找能兼顾性能和成本的可降解材料配方。",
            "可降解,包装材料",
        ),
        demand(
            "{p}想再减重但强度不够",
            "{P} must get lighter but the alloy is at its limit",
            "电动车轮毂=EV wheels; 自行车车架=bicycle frames; 无人机机臂=drone arms",
            "我们做{p}，客户一直要求减重，现在的铝合金已经做得很薄，强度到极限了。想了解镁合金、高强铝合金或复合材料的替代方案，要兼顾成本和加工工艺。",
            "轻量化,合金材料",
        ),
        demand(
            "{p}用陶瓷基板想国产化",
            "Domestic ceramic substrates for {p}",
            "大功率LED=high-power LEDs; IGBT模块=IGBT modules",
            "我们封装{p}，用的陶瓷基板主要靠日本进口，价格贵、交货慢。想找能做陶瓷基板的团队，合作建线或者技术转让都可以。",
            "陶瓷基板,电子封装",
        ),
        demand(
            "{p}需要更薄的隔热材料",
            "Thinner thermal insulation for {p}",
            "电池模组=battery modules; 工业窑炉=industrial furnaces; 冷链车厢=refrigerated truck bodies",
            "{p}的隔热要求越来越高，现在用的岩棉、泡沫太厚，空间放不下。听说气凝胶效果好但太贵，想找能降低气凝胶成本的技术，或者其他薄型隔热方案。",
            "隔热材料,气凝胶",
        ),
        demand(
            "{p}纯度达不到晶圆厂要求",
            "Our {p} are not pure enough for wafer fabs",
            "湿电子化学品=wet electronic chemicals; 高纯溶剂=high-purity solvents",
            "我们生产工业级{p}，想打入半导体客户，但金属杂质含量达不到晶圆厂要求。需要提纯工艺和检测方法两方面的技术支持。",
            "电子化学品,提纯",
        ),
    ),
    Field.ELECTRONIC_INFORMATION: (
        demand(
            "{p}芯片想换国产",
            "Replace imported {p} chips with domestic ones",
            "电池管理=battery management; 传感器信号采集=sensor signal acquisition; 电表计量=energy metering",
            "我们产品里的{p}芯片一直用国外品牌，前两年缺货涨价十几倍，差点停产。想找国产替代方案，或者跟高校团队合作定制一颗芯片，性能不能比原来差。",
            "国产芯片,替代",
        ),
        demand(
            "{p}靠人工巡查，想上自动监测",
            "Automatic monitoring instead of foot patrols along {p}",
            "输油管道=oil pipelines; 厂区周界=plant perimeters; 铁路沿线=railway lines",
            "我们负责几十公里{p}的安全，现在靠人工巡查，第三方施工挖断、偷盗破坏常常发现得太晚。想找能长距离连续监测、自动报警并定位的方案。",
            "安全监测,光纤传感",
        ),
        demand(
            "{p}老人跌倒没人知道",
            "Falls of elderly people go unnoticed in {p}",
            "养老院=care homes; 居家养老=home care",
            "我们做{p}服务，老人夜里起床跌倒后经常很久才被发现。摄像头老人不接受，手环又经常忘戴。想找不侵犯隐私、不用佩戴的跌倒检测设备。",
            "跌倒检测,智慧养老",
        ),
        demand(
            "{p}AOI误报太多，复判人手不够",
            "Too many false AOI alarms on our {p}",
            "SMT产线=SMT lines; FPC产线=FPC lines",
            "我们{p}的AOI设备误报很多，每条线要配两三个人专门复判，人工成本高还容易看漏。想用深度学习改进检测算法，或者加一个智能复判系统。",
            "AOI,误报",
        ),
        demand(
            "{p}现场布线难，想上5G专网",
            "Cabling is impractical at our {p}: considering a 5G private network",
            "港口=port; 矿井=mine; 钢厂=steelworks",
            "{p}现场环境复杂，设备经常移动，拉网线很困难，WiFi又不稳定，远程控制时延太大。想了解5G专网加边缘计算的方案，先选一两个场景试点。",
            "5G专网,工业通信",
        ),
        demand(
            "{p}压力传感器高温漂移大",
            "Pressure sensors for {p} drift at high temperature",
            "汽车空调=car air-conditioning; 医疗呼吸机=ventilators; 工业变送器=industrial transmitters",
            "我们给{p}配套压力传感器，高温环境下零点漂移大，客户投诉多。想找MEMS压力传感器方向的团队，帮我们改进芯片设计和温度补偿。",
            "压力传感器,温度漂移",
        ),
        demand(
            "{p}工控系统要过等保测评",
            "Our {p} control system must pass the security assessment",
            "自来水厂=water works; 燃气公司=gas utility",
            "上级要求{p}的工控系统今年通过网络安全等级保护测评，我们的系统是十几年前建的，没有任何防护。想找工控安全团队帮忙评估并提供防护设备，不能影响生产。",
            "工控安全,等级保护",
        ),
        demand(
            "{p}设备发热靠人拿测温枪",
            "Hot spots in {p} found with handheld thermometers",
            "变电站=substations; 配电房=switch rooms",
            "我们运维的{p}设备多，现在靠人拿红外测温枪逐台测，夏天高峰期人手不够。想加装在线红外测温装置，发现过热自动报警。",
            "红外测温,在线监测",
        ),
    ),
    Field.ARTIFICIAL_INTELLIGENCE: (
        demand(
            "{p}想用摄像头自动发现违章",
            "Spot safety violations at the {p} from camera feeds",
            "建筑工地=building site; 化工厂区=chemical plant; 电力施工现场=power construction site",
            "{p}人员多、范围大，安全员巡查看不过来，不戴安全帽、进入危险区域的情况屡禁不止。已经装了不少摄像头，想加上智能识别，发现违章自动提醒。",
            "视频分析,安全管理",
        ),
        demand(
            "{p}资料太多，想做智能问答",
            "An assistant that answers questions from our {p} documents",
            "设备维修=equipment maintenance; 售后客服=after-sales service; 规章制度=internal regulations",
            "公司{p}方面的文档、手册有几万页，新员工遇到问题找不到答案，老员工退休后经验也带走了。想基于大模型做一个内部问答助手，数据不能出公司。",
            "大模型,知识库",
        ),
        demand(
            "{p}路线靠调度员凭经验排",
            "{P} routes planned by the dispatcher's experience",
            "生鲜配送=fresh food delivery; 药品配送=pharmacy delivery; 建材配送=building material delivery",
            "我们每天有几百个{p}订单，调度员凭经验排车排线，经常绕路，车也用得多。想要一个能自动排线的系统，要考虑送货时间窗和限行。",
            "路径优化,调度",
        ),
        demand(
            "{p}方言电话听不懂",
            "Callers speaking dialect at our {p}",
            "政务热线=government hotline; 农村电商客服=rural e-commerce service desk",
            "我们{p}接到很多老人用方言打来的电话，现有语音识别基本识别不了，只能人工转写。想找能识别本地方言的语音技术。",
            "语音识别,方言",
        ),
        demand(
            "{p}全靠老师傅调参数，能耗高",
            "{P} tuned by veteran operators, energy use stays high",
            "水泥窑=cement kiln; 锅炉燃烧=boiler combustion; 污水曝气=wastewater aeration",
            "我们{p}的控制参数全靠老师傅凭经验调，换个人效果就差很多，能耗也降不下来。想用数据和人工智能的方法做优化控制，希望有类似工厂的成功案例。",
            "优化控制,节能",
        ),
        demand(
            "{p}审查工作量大",
            "Reviewing {p} takes our legal team too long",
            "采购合同=purchase contracts; 技术合同=technology contracts",
            "法务部门每年要审几千份{p}，人手紧张，一些风险条款容易漏看。想引入智能审查工具，自动标出风险条款、给出修改建议。",
            "合同审查,法务",
        ),
    ),
    Field.NEW_ENERGY: (
        demand(
            "{p}发电量比设计值低，找不到原因",
            "Our {p} produce less than designed, cause unknown",
            "屋顶光伏=rooftop PV systems; 山地光伏电站=mountain PV plants; 农光互补电站=agrivoltaic plants",
            "我们投资的{p}发电量比设计值低了一成多，组件、逆变器看不出明显故障，运维人员也查不出原因。想找能做精细化诊断的团队，把有问题的组串找出来。",
            "光伏运维,发电量",
        ),
        demand(
            "{p}组件积灰，清洗费水费人",
            "Dusty modules at our {p}: cleaning costs water and labour",
            "西北光伏电站=northwest PV plant; 工商业屋顶电站=commercial rooftop plant",
            "{p}风沙大，组件积灰严重，人工清洗一遍要十几天，还要拉水。想找无水清洗机器人，要能适应我们的组件排布。",
            "光伏清洗,机器人",
        ),
        demand(
            "{p}收益不及预期",
            "Our {p} earns less than projected",
            "工厂储能=factory storage system; 光储充电站=solar-storage-charging station",
            "我们建了{p}，实际运行收益比测算的低不少，充放电策略比较粗放。想找能根据电价和负荷预测优化调度的软件，提高峰谷套利收益。",
            "储能调度,峰谷套利",
        ),
        demand(
            "{p}制氢项目电耗太高",
            "Electricity cost sinks our hydrogen project at the {p}",
            "化工园区=chemical park; 风电场=wind farm",
            "我们在{p}规划了电解水制氢项目，测算下来电费占制氢成本七成以上。想找能降低电解槽能耗的电极或催化剂技术，希望有中试数据。",
            "电解水制氢,能耗",
        ),
        demand(
            "{p}叶片巡检难",
            "Blade inspection is slow and risky at our {p}",
            "山地风电场=mountain wind farm; 海上风电场=offshore wind farm",
            "我们{p}有上百台风机，叶片检查要人吊上去看，又慢又危险。想用无人机自动巡检，自动识别裂纹和雷击损伤。",
            "风电运维,无人机巡检",
        ),
        demand(
            "{p}故障查找时间长",
            "Finding faults on {p} takes hours",
            "山区配电线路=mountain distribution lines; 工业园区配电网=industrial park grid",
            "{p}出现故障后要沿线一段一段排查，有时候要找好几个小时，用户投诉多。想要能快速定位故障点的装置。",
            "故障定位,配电网",
        ),
    ),
    Field.ENERGY_CONSERVATION: (
        demand(
            "{p}废水要零排放，杂盐处理太贵",
            "Zero discharge for {p} wastewater, mixed salt costly to dispose of",
            "电镀=electroplating; 煤化工=coal chemical; 印染=dyeing",
            "环保要求我们{p}企业废水零排放，现在蒸发结晶出来的杂盐只能当危废处理，一吨要几千块。想找能分盐、让盐能卖出去的工艺。",
            "零排放,高盐废水",
        ),
        demand(
            "{p}VOCs治理换炭太频繁",
            "VOC treatment at our {p} needs constant carbon changes",
            "家具喷涂=furniture painting; 包装印刷=packaging printing",
            "我们是{p}企业，环保督察要求VOCs排放降下来，现在用活性炭吸附，换炭频繁、费用高，效果也不稳定。想找运行成本低的治理设备。",
            "VOCs,废气治理",
        ),
        demand(
            "{p}余热白白浪费",
            "Waste heat from our {p} goes up the stack",
            "玻璃窑炉=glass furnace; 钢厂烧结=steel sintering plant; 陶瓷窑=ceramic kiln",
            "我们{p}排出的烟气还有两三百度，都直接排掉了，一年天然气和电费好几千万。想找余热回收发电或供热的方案，投资回收期希望在五年以内。",
            "余热回收,节能",
        ),
        demand(
            "{p}污水处理设备运维难",
            "Wastewater plants at {p} are hard to keep running",
            "乡镇=townships; 景区=scenic areas",
            "我们承接了多个{p}污水处理项目，站点分散，设备坏了常常没人知道，出水超标被通报。想找运维省事、能远程监控的一体化设备。",
            "农村污水,远程运维",
        ),
        demand(
            "{p}燃气锅炉成本太高",
            "Gas boiler steam is too expensive at our {p}",
            "食品厂=food factory; 印染厂=dyeing plant",
            "{p}用燃气锅炉供蒸汽，气价涨了以后成本压力很大。听说高温热泵可以产蒸汽，想了解技术成熟度和投资回报。",
            "热泵,工业蒸汽",
        ),
    ),
    Field.MODERN_AGRICULTURE: (
        demand(
            "{p}想要抗病好吃的新品种",
            "Disease-resistant, better-tasting varieties for {p}",
            "再生稻=ratoon rice; 优质中稻=quality mid-season rice",
            "我们合作社种了三千多亩{p}，这两年稻瘟病重，打药成本高，现在的品种米质一般、卖不上价。想引进抗病、米质好的新品种，最好有配套栽培技术指导。",
            "水稻品种,抗病",
        ),
        demand(
            "{p}运输损耗太大",
            "Too much of our {p} spoils in transit",
            "柑橘=citrus; 草莓=strawberries; 蓝莓=blueberries",
            "我们做{p}电商，发到外地常常烂果，损耗有一两成，差评很多。想找保鲜包装或冷链保鲜技术，成本不能太高。",
            "保鲜,冷链",
        ),
        demand(
            "{p}浇水施肥全靠人",
            "Watering and fertilising {p} by hand",
            "大棚蔬菜=greenhouse vegetables; 猕猴桃果园=kiwi orchards",
            "我们{p}基地面积大，浇水施肥全靠人工，用工成本高，肥料也浪费。想上一套智能水肥一体化系统，根据土壤湿度自动浇灌。",
            "水肥一体化,智能灌溉",
        ),
        demand(
            "{p}环境控制靠人工巡查",
            "Climate in our {p} controlled by walking rounds",
            "楼房猪场=multi-storey pig farm; 家庭农场=family farm",
            "我们{p}的通风、温度全靠饲养员巡查手动调，夜里顾不过来，猪容易生病。想装一套环境自动监测和控制系统。",
            "智慧养殖,环境控制",
        ),
    ),
    Field.AEROSPACE: (
        demand(
            "{p}巡检无人机续航太短",
            "Inspection drones for {p} fly too briefly",
            "电力线路=power lines; 油气管道=oil and gas pipelines",
            "我们用多旋翼无人机巡检{p}，一块电池只能飞二十多分钟，一天要起降很多次。想找续航更长的垂直起降无人机，或者氢燃料电池动力方案。",
            "无人机,长航时",
        ),
        demand(
            "{p}复合材料手工铺层效率低",
            "Hand lay-up of {p} is too slow",
            "无人机机翼=UAV wings; 通航飞机整流罩=aircraft fairings",
            "我们生产{p}，复合材料全靠手工铺层，效率低、一致性差，产能跟不上订单。想引进自动铺放设备和工艺。",
            "复合材料,自动铺放",
        ),
        demand(
            "{p}需要厘米级定位",
            "Centimetre-level positioning for {p}",
            "农机=farm machinery; 港口集卡=port trucks",
            "我们在做{p}自动驾驶改装，普通GPS定位误差太大，遇到遮挡还会丢信号。想找北斗高精度定位和组合导航方案。",
            "北斗,高精度定位",
        ),
    ),
}
