"""Word classes the general harm acts share (v2t.harm_general, v2t.harm_catchall): verbs of getting, making and
hurting, the ways a speaker says a check is dodged or a deed kept hidden, and the slang of the trade.

A class is a set of ways to say one thing, so an act written with it covers wordings no seed holds.
"""

from __future__ import annotations

from v2t.harm_words import PERSON

# Getting hold of a thing: buying, sourcing, asking someone to bring it (整点, 来几箱, 进一批, 找个渠道).
OBTAIN = (r"(?:下载|买|购|收|卖|出售|倒卖|转手|下单|拍|淘|进(?:货|一批|几|两|点)|批发|订|弄|搞|整|来(?:几|一|点|些|两)|要|拿|找|联系|问问|给我找"
          r"|哪(?:里|儿)?(?:有|能|可以|买)|货源|渠道|门路|路子|卖家|上家|中介)")
# Making a thing (a drug, a weapon, a program, a document).
MAKE = r"(?:做|制|造|合成|提炼|配|熬|种|生产|写|编|开发|生成|打印|改装|组装)"
# Said when a legal check is dodged: no prescription, no licence, no papers, no real name, not through customs.
NO_CHECK = (r"(?:不|免|无|没|别|不用|不要|不需要|绕开|绕过|躲开|避开|逃)(?:走|办|开|过|经过|报|用|要|需要|交|上|有)?"
            r"(?:处方|手续|证|执照|资质|资格|牌照|实名|海关|报关|关税|税|检疫|审批|登记|备案|许可)")
# Said when a deed is to stay hidden or unpunished: not found out, not caught, not sued, leaving no trace.
UNCAUGHT = (r"(?:不|别|没|不会|不能|不被|别被|不让|别让)(?:被)?(?:人)?(?:发现|察觉|查到|查出|抓|抓到|告|追究|追责|认出|看出来|看出|知道|晓得)"
            r"|告不了|查不到|抓不到|看不出来|趁(?:他|她|人|对方|家里人|大家|别人)?.{0,4}(?:睡|不在|不注意|没注意|洗澡|喝醉|上厕所)|不留(?:痕迹|证据|伤|记录|把柄)|神不知鬼不觉|背着|瞒着|偷偷|悄悄|悄默声|暗中|私下")
# Slang and names of drugs that the plain list in v2t.harm_acts misses (叶子 and 草 for cannabis, 冰 and 溜冰 for
# meth, 嗨 for getting high), and medicines abused in bulk.
DRUG_SLANG = (r"(?:叶子|飞叶|(?<![花青干稻甘烟香药水野茶])草(?![莓原地稿坪帽本案图书率拟])|(?<![滑溜旱])冰(?![箱淇激块糖雪球川岛红美可沙镇凉柜山冻封水糕])|溜冰|嗨(?:药|粉|一下|起来)?"
              r"|曲马多|芬太尼|氯胺酮|卡西酮|可待因|依托咪酯|上头电子烟|邮票|开心水|右美沙芬|止咳水|麻醉剂|麻药|乙醚|三唑仑|安眠药|镇静剂|笑气|大麻(?:种子)?|罂粟)")
# Weapons and what makes them (a crossbow, a switchblade, gunpowder, a printed gun).
WEAPON = (r"(?:电击器|电击枪|伸缩棍|指虎|三棱刀|军刺|手枪|猎枪|步枪|弹药|手雷|电棍|甩棍|汽油弹|百草枯|敌敌畏|铊|弩|弹簧刀|管制刀|砍刀|匕首|(?<![菜剪])刀片|仿真枪|气枪|钢珠枪|火药|黑火药|硝酸铵|雷管|燃烧弹|毒气|有毒气体|3D打印枪|打印枪|枪(?:的)?图纸|铁珠)")
# Hurting a body: the wish to hurt said about oneself.
SELF = r"(?:我|自己|本人)"
# Ways of saying "die" or "end it" without the word 死 (走, 离开这个世界, 不会醒, 醒不来).
END_LIFE = (r"(?:离开这个世界|(?:怎么|永远|彻底)消失|消失(?:掉|得|最)?(?:干净|彻底)|活着没意思|死了算了|死掉算了|了断|割脉|跳(?:河|江|海|桥)|(?:吃|吞)(?:一整瓶|整瓶|一瓶)|(?:几片|多少片).{0,6}(?:醒|死|走)|不疼的.{0,4}(?:办法|方法|死)|无痛.{0,4}(?:死|走|办法)|不在了|醒不来|不会醒|不再醒|不醒|睡过去|一了百了|解脱|结束(?:掉)?(?:自己|一切|生命)|了结|死法|去死|走了(?:大家|就)"
            r"|今晚就走|吃药走|跳下去|跳楼|遗书|绝笔)")
# What belongs to someone else, said as the thing taken (her savings, their client list, his house).
THEIRS = r"(?:" + PERSON + r"|公司|单位|别人家|邻居家|隔壁|人家|老人|客户)"
# A person, the one whose thing it is, said with or without 的 (他店门口, 她家, 我对象的车).
THEIR = r"(?:" + PERSON + r"|人家|邻居|别人)"
# The people abuse is aimed at: children, the old, workers, a partner.
DEPENDANT = r"(?:孩子|小孩|儿子|女儿|学生|老人|老人家|老婆|媳妇|老公|保姆|员工|工人|病人|宠物|狗|猫)"
# Lying said outright (编个, 假装, 其实没, 谎称), and the money it is meant to get: together they are a scam.
DECEIVE = r"(?:编(?!号|辑|程|码|剧)(?:个|一个|造|点)?|假装|假的|虚假|谎称|谎报|撒谎|其实(?:没|不|是假)|根本没|冒充|伪装|骗|忽悠|套路|故意|(?:就|再|然后)?说(?:我|是)?没(?:有)?收到|包装成|说成)"
MONEY = r"(?:钱|转账|打钱|汇款|付款|交费|手续费|定金|押金|充值|投资|借(?:钱|我)|理赔|赔(?:钱|付|偿)?|补贴|退款|报销|低保|养老金)"
