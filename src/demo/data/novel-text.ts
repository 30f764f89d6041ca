// Made-up chapter text for the demo novel: sentences assembled from small phrase banks with a
// per-chapter seed, so every chapter is different, several KB long, and the same on every start.
import { hash32, pick, prng } from '../prng.js';

const WHO = ['悟空', '唐僧', '八戒', '沙僧', '白龙马', '观音菩萨', '太白金星', '东海龙王', '土地公公', '众猴'];
const PLACES = ['花果山', '水帘洞', '灵台方寸山', '东海龙宫', '南天门', '五行山', '长安城', '鹰愁涧', '黑风山', '观音院'];
const SCENES = [
  '云雾缭绕，松柏参天', '流水潺潺，百鸟和鸣', '山势险峻，怪石嶙峋', '金光万道，瑞气千条',
  '殿阁重重，香烟袅袅', '寒风凛冽，落叶满地', '桃花盛开，香气扑鼻', '波涛翻滚，浪花四溅',
];
const SPEECHES = [
  '此去路途遥远，须得小心在意', '我有一桩心事，说与你听', '莫要慌张，待我前去看个明白',
  '这厮好生无礼，且吃我一棒', '师父放心，老孙自有主张', '天色已晚，不如就此歇息',
  '前面山高林密，恐有妖怪', '你且在此等候，我去去就回',
];
const REACTIONS = [
  '连连点头称是', '心中暗暗欢喜', '吓得浑身发抖', '哈哈大笑起来', '半晌不语', '急忙上前施礼', '拍手叫好',
];
const ACTIONS = [
  '纵身一跃，驾起筋斗云', '拔下一根毫毛，变作许多小猴', '整顿衣冠，焚香礼拜', '取出金箍棒，迎风一晃',
  '挑起行李，随后赶来', '牵了马匹，缓缓而行', '念动真言，唤出山神土地', '收拾停当，便要起程',
];
const TIMES = ['次日天明', '正行之间', '不觉红日西沉', '三更时分', '忽一日', '过了几日'];

function other(random: () => number, not: string): string {
  for (;;) {
    const who = pick(random, WHO);
    if (who !== not) return who;
  }
}

function sentence(random: () => number): string {
  const who = pick(random, WHO);
  switch (Math.floor(random() * 5)) {
    case 0:
      return `${who}来到${pick(random, PLACES)}，只见${pick(random, SCENES)}。`;
    case 1:
      return `${who}对${other(random, who)}说道：“${pick(random, SPEECHES)}。”`;
    case 2:
      return `${who}听了，${pick(random, REACTIONS)}。`;
    case 3:
      return `那${pick(random, PLACES)}${pick(random, SCENES)}，真个是好去处。`;
    default:
      return `${pick(random, TIMES)}，${who}${pick(random, ACTIONS)}。`;
  }
}

/** The text of one chapter: paragraphs separated by "\n", each indented with two ideographic spaces. */
export function chapterText(bookId: string, cid: string, title: string): string {
  const random = prng(hash32(`novel:${bookId}:${cid}`));
  const paragraphs = [`\u3000\u3000话说${title.replace(/^第.+?回\s*/, '')}，且听下文分解。`];
  const count = 14 + Math.floor(random() * 6);
  for (let p = 0; p < count; p++) {
    const sentences = 4 + Math.floor(random() * 4);
    let text = '';
    for (let s = 0; s < sentences; s++) text += sentence(random);
    paragraphs.push(`\u3000\u3000${text}`);
  }
  paragraphs.push('\u3000\u3000毕竟不知后事如何，且听下回分解。');
  return paragraphs.join('\n');
}
