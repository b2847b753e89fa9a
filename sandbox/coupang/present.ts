// Coupang WING Open API, providers/coupang/README.md (Order sheets): one box as the ordersheets endpoints show it,
// names and e-mail masked as Coupang masks them, KST wall-clock times in the documented formats.
import { kstDateTimeWithSpace, kstLocalMillis } from '../time';
import { COUPANG_CARRIERS } from './carriers';
import type { OrderSheet } from './store';

/** 신지희 → 신*희 */
export function maskName(name: string): string {
  return name.length <= 2 ? `${name[0]}*` : `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
}

/** eu12345@naver.com → eu*****@na */
function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 2)}${'*'.repeat(Math.max(1, local.length - 2))}@${domain.slice(0, 2)}`;
}

/** 0503-1234-5464 → 0503-**-5464 */
function maskSafeNumber(number: string): string {
  return number.replace(/^(\d{4})-\d+-(\d{4})$/, '$1-**-$2');
}

const localTime = (ms: number) => kstLocalMillis(ms).slice(0, 19);
const spacedTime = (ms: number | null) => (ms === null ? null : kstDateTimeWithSpace(ms));

function presentItem(sheet: OrderSheet, item: OrderSheet['items'][number]) {
  const canceled = sheet.canceledAt !== null;
  return {
    vendorItemPackageId: 0, vendorItemPackageName: item.sellerProductName, productId: item.productId,
    vendorItemId: item.vendorItemId, vendorItemName: item.vendorItemName,
    shippingCount: canceled ? 0 : item.shippingCount, salesPrice: item.salesPrice,
    orderPrice: item.salesPrice * item.shippingCount, discountPrice: null,
    externalVendorSkuCode: item.externalVendorSkuCode, etcInfoHeader: null, etcInfoValue: null, etcInfoValues: null,
    sellerProductId: item.sellerProductId, sellerProductName: item.sellerProductName,
    sellerProductItemName: item.sellerProductItemName, firstSellerProductItemName: item.sellerProductItemName,
    cancelCount: canceled ? item.shippingCount : 0, holdCountForCancel: 0,
    estimatedShippingDate: sheet.estimatedShippingDate,
    invoiceNumberUploadDate: sheet.invoiceUploadedAt === null ? null : localTime(sheet.invoiceUploadedAt),
    confirmDate: null, canceled,
  };
}

export function presentSheet(sheet: OrderSheet) {
  const carrier = sheet.deliveryCompanyCode ? COUPANG_CARRIERS[sheet.deliveryCompanyCode] : undefined;
  return {
    shipmentBoxId: sheet.shipmentBoxId,
    orderId: sheet.orderId,
    orderedAt: localTime(sheet.orderedAt),
    orderer: { name: maskName(sheet.orderer.name), email: maskEmail(sheet.orderer.email), safeNumber: maskSafeNumber(sheet.orderer.safeNumber) },
    paidAt: localTime(sheet.paidAt),
    status: sheet.status,
    shippingPrice: sheet.shippingPrice,
    remotePrice: null,
    remoteArea: false,
    parcelPrintMessage: sheet.parcelPrintMessage,
    splitShipping: false,
    ableSplitShipping: false,
    receiver: {
      name: maskName(sheet.receiver.name), safeNumber: maskSafeNumber(sheet.receiver.safeNumber),
      addr1: sheet.receiver.addr1, addr2: sheet.receiver.addr2.replace(/\d+호$/, '*호'), postCode: sheet.receiver.postCode,
    },
    orderItems: sheet.items.map((item) => presentItem(sheet, item)),
    deliveryCompanyName: carrier?.name ?? '',
    invoiceNumber: sheet.invoiceNumber ?? '',
    // Coupang's own spelling: clients read `inTrasitDateTime`.
    inTrasitDateTime: spacedTime(sheet.inTransitAt),
    deliveredDate: spacedTime(sheet.deliveredAt),
    refer: sheet.refer,
    shipmentType: 'THIRD_PARTY',
  };
}
