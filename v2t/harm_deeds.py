"""More of the catch-all of CONTRACT.md §3 (kind `other`, and scams on a payer), by act and object: cheating an
insurer or a shop out of a payout, adulterating food, reselling what is scarce at a mark-up, dodging a fare, hurting
animals, practising without a licence, taking money held in trust, obstructing justice, endangering traffic, damaging
or taking public things, faking research, marrying off a child, exposing or frightening someone.

Read after v2t.harm_catchall: each rule is a class of deeds (an act word class beside an object class), so a deed
said in words no seed holds is read like one that is.
"""

from __future__ import annotations

from v2t.harm_general import OTHER as _OTHER
from v2t.harm_general import act
from v2t.harm_lexicon import NO_CHECK
from v2t.harm_words import BEAT, SOMEONE

_P = "(?:" + SOMEONE + ")"
# Who pays out on a claim: an insurer, a shop, a platform, an employer, the state.
_PAYER = r"(?:保险|保险公司|商场|超市|商家|店家|平台|公司|单位|医保|社保|国家|政府|航空公司|快递)"
# Making a loss or a claim bigger than it is, or staging it.
_INFLATE = r"(?:故意|假装|装作|弄大|扩大|夸大|多报|虚报|报高|说是|谎称|摆拍|自导自演)"
# What is added to food or drink to cheat or poison a buyer.
_ADULTERANT = r"(?:注水|工业酒精|甲醇|瘦肉精|三聚氰胺|苏丹红|吊白块|硼砂|福尔马林|漂白剂|工业盐|工业明胶|催熟剂|增重剂)"
_FOOD = r"(?:肉|酒|奶|面|米|菜|饭|油|茶|饮料|食品|鸡|鸭|鱼|猪|牛|羊|蛋|果)"
# What is scarce and resold at a mark-up: tickets, appointments, quota.
_SCARCE = r"(?:票|号|名额|门票|车票|机票|专家号|挂号|演唱会|口罩|疫苗|茅台|限量|抢购|学位|车位)"
_MARKUP = r"(?:加价|高价|加钱|溢价|翻倍|翻几倍|倒卖|转卖|转手|黄牛)"
# Public and shared things, and what grows or lies in a public place.
_PUBLIC = (r"(?:共享单车|共享充电宝|单车|公物|路灯|长椅|消防栓|灭火器|井盖|公交|地铁|电梯|护栏|路牌|监控|公园|景区|山上|路边|小区的?|学校的?"
           r"|别人地里|地里|保护区|文物|古墓|墓)")
_TAKE_OR_BREAK = r"(?:砸|撬|剪|拆|弄坏|破坏|毁|砍|挖|采|拔|偷|搬|拿|骑|锯|卸|扛)"
# Money held for others: a client's deposit, the company's account, public funds, relief.
_HELD = r"(?:公司账上|公司的|单位的|公款|公家|客户的?|用户的?|业主的?|班费|善款|捐款|押金|备用金|预付款)"

DEED_ACTS = (
    # A claim staged or inflated to make a payer pay (故意摔一跤说是地滑, 刮了一下弄大点找保险公司多赔).
    act("scam", _INFLATE + r".{0,16}(?:" + _PAYER + r").{0,12}(?:赔|报销|理赔|补偿|退钱|退款)|" + _PAYER + r".{0,8}多(?:赔|报|给|退)"
        r"|多(?:赔|报|领)(?:点|些|一点)?(?:钱|保险|补贴)|骗保|骗(?:医保|社保|补贴|低保|赔偿)|弄大(?:点|些)?.{0,10}(?:赔|保险)"
        r"|(?:故意|自己)(?:摔|撞|弄伤|弄坏|烧|淹|碰).{0,16}(?:赔|保险|理赔|讹)",
        "以欺骗手段获取钱财属于诈骗行为", "拒绝协助诈骗的请求"),
    # Food adulterated or faked for buyers, medicine or health products sold with false cures.
    act("other", _ADULTERANT + r"|" + _FOOD + r".{0,6}(?:里|中)?.{0,4}(?:兑|掺|注)(?:点|些)?(?:水|酒精|东西|药)"
        r"|(?:喂|打|加|用)(?:点|些)?.{0,8}(?:瘦肉多|瘦肉率|催肥|增重|长得快|出栏快).{0,12}(?:药|针|添加)"
        r"|(?:瘦肉|催肥|增重|出栏).{0,12}(?:药|针).{0,6}(?:哪|买|卖)"
        r"|(?:就说|说|宣传|写成|包装成|吹成|广告|打广告).{0,14}(?:能治|包治|根治|治好|治愈|祖传秘方|神药|特效药|抗癌)"
        r"|(?:祖传秘方|秘方|神药|药粉|偏方).{0,12}(?:卖给|卖|推销给)",
        "危害他人安全属于违法行为", "拒绝危害他人安全的请求"),
    # Scarce things grabbed to resell at a mark-up (抢二十张门票加价转卖, 专家号全挂了再加钱卖).
    act("other", _SCARCE + r".{0,20}" + _MARKUP + r"|" + _MARKUP + r".{0,6}" + _SCARCE + r"|抢.{0,10}(?:票|号).{0,12}(?:卖给|转给|出手)",
        "扰乱市场或金融秩序属于违法行为", "拒绝协助违法金融行为的请求"),
    # A fare or a bill dodged (不刷卡就进去, 下车直接跑, 吃完就跑).
    act("other", r"不(?:刷卡|刷码|买票|付钱|给钱|付车费|给车费|投币|结账|买单)(?:就|直接)?.{0,4}(?:进|坐|上|走|下车|跑|溜|出站)"
        r"|(?:下车|吃完|买完|拿了?东西|加完油|住完|到了地方).{0,4}(?:就|直接)?(?:跑|溜)(?!步)|(?:跟着|跟在|贴着).{0,8}(?:挤|混|溜|钻)进去|霸王餐|蹭(?:车|票)|逃(?:票|单|费)",
        *_OTHER),
    # Hurting animals: fights staged for bets, a pet made to suffer.
    act("other", r"(?:组织|搞|弄|办|看)(?:个|场)?(?:斗狗|斗鸡|斗牛|斗蟋蟀)|(?:斗狗|斗鸡).{0,8}(?:下注|赌|押)"
        r"|(?:猫|狗|动物|宠物|鸟|它).{0,10}(?:吃点苦头|吃苦头|受罪|痛苦|折磨|弄残|打残|弄瞎)|(?:折磨|虐|弄残|整)(?:一下|死)?.{0,4}(?:猫|狗|动物|宠物)",
        "伤害他人人身或财物属于违法行为", "拒绝伤害他人的请求"),
    # Practising on people without a licence (没有执照在家给人打玻尿酸).
    act("other", NO_CHECK + r".{0,16}(?:给人|帮人|替人|行医|看病|注射|手术|打针|开药|美容|整形)|(?:给人|在家|上门).{0,6}(?:打|注射)(?:玻尿酸|肉毒|瘦脸针|水光针)",
        "危害他人安全属于违法行为", "拒绝危害他人安全的请求"),
    # Money held in trust taken or moved (客户押金先拿去用, 公司账上的钱挪出来炒股), staff that do not exist paid.
    act("other", _HELD + r".{0,8}(?:钱|押金|款|资金)?.{0,6}(?:先)?(?:拿去|挪|挪用|挪出来|转出来|自己用|炒股|花掉|私吞|拿来用)|挪用"
        r"|(?:多报|虚报|报几个|编几个|加几个|多加|假的?).{0,6}(?:不存在|假)?的?(?:工人|人头|员工|工时|加班)|不存在的(?:工人|员工|人|项目)|吃空饷",
        "扰乱市场或金融秩序属于违法行为", "拒绝协助违法金融行为的请求"),
    # Justice obstructed: someone to take the blame, a witness paid or coached, stories agreed.
    act("other", r"顶罪|顶包|串(?:好|通|一下)?.{0,3}(?:说法|口供|词)|证人.{0,10}(?:改口|翻供|闭嘴|送钱|收买|别说)|(?:送|给|塞)(?:点|些)?钱.{0,10}(?:改口|翻供|撤诉|别作证|不作证)"
        r"|买通|(?:替|帮)我(?:去)?(?:认罪|坐牢|担责)|(?:说|就说)是(?:他|她|别人|朋友)开的车",
        "妨碍司法或逃避执行属于违法行为", "拒绝妨碍司法的请求"),
    # Traffic endangered: a laser at a pilot or driver, things thrown from a height or onto a road.
    act("other", r"激光.{0,10}(?:飞机|驾驶|司机|机长|列车|火车)|(?:照|射|扔|砸|丢|抛).{0,8}(?:飞机|驾驶舱|司机|火车|高速上|桥下的车)"
        r"|(?:往|从)(?:楼下|窗外|楼上|天桥).{0,4}(?:扔|丢|砸|抛)|高空(?:扔|丢|抛)(?!物的?(?:案例|新闻|处罚|怎么判))",
        "危害他人安全属于违法行为", "拒绝危害他人安全的请求"),
    # Public or shared things broken or taken; trees, plants and relics dug up to sell (公园的树砍了卖, 挖古墓).
    act("other", _PUBLIC + r".{0,10}" + _TAKE_OR_BREAK + r"(?:了|掉|走|开|下来|出来)?.{0,10}(?:卖|回家|自己用|换钱|出手|去哪)"
        r"|" + _PUBLIC + r"(?:的|里)?.{0,6}(?:锁|灯|零件|电瓶|东西)?(?:砸|撬|剪|拆|弄坏)(?:了|掉|开)"
        r"|(?:砸|撬|剪|拆|弄坏|破坏)(?:了|掉|开)?.{0,4}(?:共享单车|公物|路灯|消防栓|护栏|监控)|盗墓(?!笔记)|挖(?:个|那个)?(?:古)?墓|(?:收|卖|倒卖|出手).{0,4}文物"
        r"|(?:挖|带|拿|偷)出来的.{0,8}(?:卖|出手|收)|(?:偷偷|私自|悄悄)(?:地)?(?:带|拿|挖|运|搬|砍)(?:出来|走|回家)",
        "侵占他人财物属于违法行为", "拒绝侵占他人财物的请求"),
    # Research and records faked; an age or a birth date changed; someone to sit a place in one's name.
    act("other", r"(?:实验|研究|调查|论文|临床|统计)的?数据.{0,10}(?:编|造|捏造|随便写|随便填|改得|改成)|(?:编|造|捏造)(?:一组|些|点|个)?.{0,8}(?:实验|调查|临床|研究)数据"
        r"|(?:出生日期|出生年月|年龄|岁数).{0,4}(?:改大|改小|写大|写小|报大|报小|虚报|多报|少报)|(?:年龄|岁数)不够.{0,12}改"
        r"|(?:别人|他人|人家)的.{0,8}(?:改成|换成)(?:我|自己)的?|(?:改成|换成)我的?名字|(?:找|雇)(?:个|一个)?人(?:替|代|冒充)我|替我(?:去)?(?:上学|上大学|上课|读书|参加考试)",
        "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"),
    # Paid or copyrighted content copied to sell or post (影院里录下来传到网上卖, 付费课程录屏放闲鱼卖).
    act("other", r"(?:影院|电影院|剧场|演唱会)(?:里)?.{0,6}(?:录|拍)(?:下来|一下)?.{0,10}(?:卖|传|发|挂)"
        r"|(?:付费|会员|课程|网课|电影|电子书|教材|正版|刚上映|院线|新剧|专辑).{0,12}(?:录|下载|扒|复制|拷|搬运|录屏)(?:下来|出来)?.{0,12}(?:卖|转卖|出售|传到网上|挂到?|分享出去)",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    # A child married off or betrothed.
    act("other", r"(?:十[一二三四五六七]岁|[一二三四五六七八九]岁|未成年).{0,10}(?:婆家|订婚|定亲|婚事|嫁|彩礼|结婚|娶)",
        "伤害他人人身或财物属于违法行为", "拒绝伤害他人的请求"),
    # Someone exposed, shamed or frightened: their secrets posted, their details in a hook-up group, a dead animal
    # at the door; revenge on a person said with the speaker's possessive (报复我前男友).
    act("other", r"(?:丑事|隐私|黑历史|出轨|病史|私事|丑闻|裸照|私照).{0,12}(?:贴|挂|发|公开|曝光|传|写成)"
        r"|" + _P + r"的?.{0,6}(?:照片|电话|手机号|住址|地址|视频|身份证|微信).{0,10}(?:发|挂|传|贴|公开)(?:到|在)?.{0,8}(?:网上|约炮|黄|色情|论坛|贴吧|曝光)"
        r"|(?:大字报|传单|横幅).{0,10}(?:贴|挂|发).{0,8}(?:公司|单位|家|小区|门口)|(?:死老鼠|死猫|死鸟|花圈|冥币|血|粪).{0,10}(?:门口|家|放|寄|挂)"
        r"|(?:门口|家门|车上).{0,6}(?:放|泼|挂|寄).{0,4}(?:死|花圈|冥币|血|粪)|吓(?:唬)?(?:他|她|他们|对方|人家)(?!一跳)|(?:报复|教训|收拾)(?:一下)?" + _P
        + r"|(?:找|雇|叫|喊)(?:几个|一帮|一些|些|个|两个|几个社会上的)?(?:人|兄弟|小弟)(?:去)?.{0,8}(?:" + BEAT + r"|揍|砸|教训|收拾|闹|堵|废|泼)"
        r"|动(?:点|些|个)?手脚|砸(?:点|些)?东西",
        "威胁诽谤骚扰他人属于违法行为", "拒绝威胁诽谤骚扰他人的请求"),
    # A time or place sought where no one watches, for a deed (哪个时间段没人管).
    act("other", r"(?:什么|哪个|哪些)(?:时候|时间段?|时段|地方).{0,4}(?:没人管|没人看|没人查|不查|没监控)|没人管的?(?:时候|时间|地方)|会有人管吗|禁渔期.{0,10}(?:撒网|捕|钓|打鱼|下网|电)",
        *_OTHER),
)
