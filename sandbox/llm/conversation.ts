// A plain chat turn, shared by both sandbox LLMs (each provider folder's README, "Chat" / "Messages"): the reply a
// seller's customer-service assistant could give, chosen by the topic of the last user message and written in its language (Korean when it
// holds Hangul). A pure function of the request, so a test can pin it and the same conversation answers the same.

export interface Turn {
  role: string;
  text: string;
}

interface Topic {
  match: RegExp;
  ko: string[];
  en: string[];
}

const TOPICS: Topic[] = [
  {
    match: /배송|택배|송장|도착|출고|deliver|shipping|shipped|tracking|arriv/i,
    ko: [
      '주문번호를 알려주시면 택배사 조회 결과와 함께 예상 도착일을 안내해 드리겠습니다.',
      '배송이 늦어져 불편을 드려 죄송합니다. 택배사에 확인을 요청했고, 송장 조회 결과가 갱신되는 대로 바로 알려드리겠습니다.',
    ],
    en: [
      'Share your order number and I will check the carrier for the latest tracking status and expected delivery date.',
      'Sorry for the delay. I have asked the carrier to check the parcel and will update you as soon as tracking changes.',
    ],
  },
  {
    match: /환불|refund/i,
    ko: [
      '환불은 반품 상품이 입고되어 확인된 뒤 영업일 기준 3~5일 안에 결제하신 수단으로 처리됩니다.',
      '환불 요청을 접수했습니다. 카드 결제는 취소 승인 후 카드사에 따라 3~7일 안에 반영됩니다.',
    ],
    en: [
      'Refunds are issued to the original payment method within 3-5 business days after the returned item is checked.',
      'Your refund request is registered. Card refunds appear within 3-7 days of the cancellation, depending on the card issuer.',
    ],
  },
  {
    match: /교환|반품|사이즈|불량|파손|exchange|return|damaged|defect|size/i,
    ko: [
      '상품 수령 후 7일 이내라면 교환·반품이 가능합니다. 불량이나 파손은 사진을 보내주시면 왕복 배송비 없이 처리해 드립니다.',
      '교환을 원하시는 옵션을 알려주시면 회수 접수와 함께 새 상품 출고를 준비하겠습니다.',
    ],
    en: [
      'Exchanges and returns are accepted within 7 days of delivery. For a defective or damaged item, send a photo and we cover both shipping legs.',
      'Tell me which option you would like instead, and I will arrange the pickup and ship the replacement.',
    ],
  },
  {
    match: /취소|cancel/i,
    ko: [
      '아직 출고 전이라면 바로 주문 취소가 가능합니다. 이미 출고된 경우에는 수령 후 반품으로 진행해 주세요.',
      '주문 취소를 도와드리겠습니다. 주문번호를 알려주시면 출고 여부를 확인해 보겠습니다.',
    ],
    en: [
      'If the order has not shipped yet, it can be cancelled right away; once shipped, please return it after delivery.',
      'I can help cancel the order. Send me the order number and I will check whether it has shipped.',
    ],
  },
  {
    match: /재고|품절|입고|stock|restock|sold out/i,
    ko: [
      '해당 상품은 현재 재입고를 준비 중입니다. 입고 알림을 신청하시면 입고 즉시 안내해 드리겠습니다.',
      '재고 현황을 확인해 보겠습니다. 원하시는 옵션(색상, 사이즈)을 알려주세요.',
    ],
    en: [
      'This item is being restocked. Sign up for a restock alert and we will let you know as soon as it is back.',
      'Let me check the stock for you. Which option (colour, size) are you looking for?',
    ],
  },
  {
    match: /결제|카드|입금|영수증|세금계산서|payment|pay|invoice|receipt/i,
    ko: [
      '결제 내역은 주문 상세에서 확인하실 수 있으며, 현금영수증과 세금계산서는 요청하시면 발행해 드립니다.',
      '입금 확인은 보통 1시간 이내에 완료됩니다. 확인이 늦어지면 입금자명과 금액을 알려주세요.',
    ],
    en: [
      'You can see the payment in the order details; we issue cash receipts and tax invoices on request.',
      'Bank transfers are usually confirmed within an hour. If it takes longer, tell me the sender name and amount.',
    ],
  },
];

const GENERAL: Pick<Topic, 'ko' | 'en'> = {
  ko: [
    '확인 후 빠르게 안내해 드리겠습니다. 주문번호가 있으시면 함께 알려주세요.',
    '말씀하신 내용을 담당 부서에 전달하고, 확인되는 대로 답변드리겠습니다.',
  ],
  en: [
    'I will look into it and get back to you shortly. If you have an order number, please include it.',
    'I have passed this on to the team and will reply as soon as I have an answer.',
  ],
};

const GREETING = /^\s*(안녕|반갑|hello|hi\b|hey\b|good (morning|afternoon|evening))/i;

/**
 * The assistant's reply to the conversation so far. `seed` picks among equally plausible wordings;
 * a follow-up (an assistant turn came before) says so, as a human agent would.
 */
export function conversationReply(turns: Turn[], snippet: string, seed: number): string {
  const last = [...turns].reverse().find((turn) => turn.role === 'user')?.text ?? '';
  const korean = /[\uac00-\ud7a3]/.test(last) || !/[a-z]/i.test(last);
  const followUp = turns.some((turn) => turn.role === 'assistant');
  const pick = (options: string[]) => options[seed % options.length];
  const topic = TOPICS.find((candidate) => candidate.match.test(last));
  if (!topic && GREETING.test(last)) {
    return korean
      ? '안녕하세요, 고객님! 주문, 배송, 교환·환불 등 궁금하신 점을 말씀해 주세요.'
      : 'Hello! How can I help you today: an order, a delivery, an exchange or a refund?';
  }
  const body = pick((topic ?? GENERAL)[korean ? 'ko' : 'en']);
  if (korean) {
    const opening = followUp ? '추가로 문의하신' : '문의하신';
    return `고객님, ${opening} "${snippet}" 관련하여 안내드립니다. ${body} 더 궁금하신 점이 있으면 편하게 말씀해 주세요.`;
  }
  const opening = followUp ? 'Thanks for the follow-up about' : 'Thanks for reaching out about';
  return `${opening} "${snippet}". ${body} Let me know if there is anything else I can help with.`;
}
