"""The spoken-Chinese words every harm rule shares: someone other than the speaker, spoken amounts.

One place for them, so the harm acts (v2t.harm_acts) and the payment acts (v2t.harm_payment) agree.
"""

from __future__ import annotations

# Someone other than the speaker: pronouns, relations, roles. 我妈 is someone else; 我 alone is not.
PERSON = (r"(?:他们|她们|(?<![其吉])他|(?<!其)她|别人|他人|人家|对方|前任|前女友|前男友|前妻|前夫|女朋友|男朋友|女友|男友|老公|老婆|"
          r"先生|太太|丈夫|妻子|爱人|对象|同事|室友|舍友|老板|领导|上司|主管|经理|组长|总监|员工|下属|邻居|同学|朋友|哥们|闺蜜|"
          r"孩子|儿子|女儿|爸爸?|妈妈?|父母|哥哥?|姐姐?|弟弟?|妹妹?|[表堂][哥姐弟妹]|舅舅?|叔叔?|阿姨|姑姑|婶婶?|爷爷|奶奶|外公|外婆|姥姥|姥爷|"
          r"公公|婆婆|岳父|岳母|丈母娘|嫂子|姐夫|妹夫|儿媳妇?|媳妇|女婿|继父|继母|后妈|同桌|学姐|学长|学妹|学弟|师兄|师姐|师妹|师弟|队友|班主任|老师|网友|这个人|那个人|那家人|这家人|那户人家|他们家|她们家|这人|那人|某人|客户|租客|"
          r"房东|明星|演员|歌手|艺人|偶像|名人|网红|主播|博主|陌生人|情敌|小三|[小老][李王张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓"
          r"曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
          r"郝龚邵万钱严武戴莫孔汤]|[\u4e00-\u9fff]某某?)")
# Someone other than the speaker, said with the speaker's possessive or not (我爸, 我的室友, 他): acts aimed at a
# person read this, so 以我爸的名字 is 以 + someone.
SOMEONE = r"(?:我的?|我们的?)?" + PERSON
AMOUNT = r"[0-9零〇一二两三四五六七八九十百千万幺]+(?:\s*[0-9零〇一二两三四五六七八九十百千万幺点]+)*"
MONEY_UNIT = r"(?:块钱?|元|万|千|百|毛)"
# 打 as a blow, not the other senses a request to 找人 holds (打听, 打扫, 打车, 打羽毛球, 打麻将).
BEAT = (r"打(?!听|扫|车|的|电话|印|包|开|工|卡|折|字|游戏|针|球|算|理|招呼|扮|架子|下手|杂|分|码|款|钱|给|过来|来|羽|篮|乒|网球|排球|麻将|牌"
        r"|台球|比赛|疫苗|官司|扑克|水漂|个电话)")
