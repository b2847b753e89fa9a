// Cafe24 Admin API wire types, following providers/cafe24/README.md (Cafe24 Admin API).
// Money stays a string as Cafe24 sends it ("30000.00"): parsing belongs to whoever does arithmetic.

/** Tokens as this project stores them: absolute instants in ISO 8601 with an offset. */
export interface Cafe24Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** POST /api/v2/oauth/token answer. Timestamps carry no offset: they are Korean time. */
export interface Cafe24TokenResponse {
  access_token: string;
  expires_at: string;
  refresh_token: string;
  refresh_token_expires_at: string;
  client_id?: string;
  mall_id?: string;
  user_id?: string;
  scopes?: string[];
  issued_at?: string;
  shop_no?: string;
  token_type?: string;
}

export type Cafe24YesNo = 'T' | 'F';

export interface Cafe24OrderAmount {
  order_price_amount?: string;
  shipping_fee?: string;
  payment_amount?: string;
  [field: string]: unknown;
}

export interface Cafe24OrderItem {
  item_no: number;
  product_no: number;
  product_code: string;
  product_name: string;
  quantity: number;
  product_price: string;
  order_status: string;
  shipping_company_code: string | null;
  shipping_company_name: string | null;
  tracking_no: string | null;
  /** 품주코드 (`{order_id}-01`): what the claim calls name the item by. */
  order_item_code?: string;
  /** The item's status before its claim (C/R/E) began, e.g. N20. */
  order_status_before_cs?: string | null;
  /** The claim on this item (취소/반품/교환 번호) and the buyer's reason (claim_reason_type A..L, claim_reason). */
  claim_code?: string | null;
  claim_reason_type?: string | null;
  claim_reason?: string | null;
  claim_quantity?: number | null;
  cancel_request_date?: string | null;
  cancel_date?: string | null;
  return_request_date?: string | null;
  exchange_request_date?: string | null;
}

export interface Cafe24Order {
  shop_no: number;
  currency: string;
  order_id: string;
  market_id: string;
  member_id: string;
  billing_name: string;
  payment_method: string[];
  paid: Cafe24YesNo;
  canceled: Cafe24YesNo;
  order_date: string;
  payment_date: string | null;
  payment_amount: string;
  shipping_status: string;
  order_place_id: string;
  initial_order_amount: Cafe24OrderAmount;
  actual_order_amount: Cafe24OrderAmount;
  /** Present when requested with `embed: ['items']`. */
  items?: Cafe24OrderItem[];
}

/** `date_type` values Cafe24 accepts for the order date range. */
export type Cafe24OrderDateType = 'order_date' | 'pay_date' | 'updated_date' | 'shipbegin_date' | 'shipend_date' | 'cancel_date' | 'place_date' | (string & {});

export interface Cafe24DateRange {
  /** YYYY-MM-DD; Cafe24 allows at most three months between start and end. */
  startDate: string;
  endDate: string;
  dateType?: Cafe24OrderDateType;
}

export interface Cafe24ListOrdersParams extends Cafe24DateRange {
  /** 1..1000, Cafe24's default is 10. */
  limit?: number;
  /** At most 15000. */
  offset?: number;
  embed?: string | string[];
}

export interface Cafe24ListAllOrdersParams extends Cafe24DateRange {
  pageSize?: number;
  embed?: string | string[];
}

/** A variant's stock, under `embed: ['variants', 'inventories']`. `quantity` counts only where `use_inventory` is T. */
export interface Cafe24Inventory {
  shop_no?: number;
  variant_code: string;
  use_inventory: Cafe24YesNo;
  quantity: number;
  safety_inventory?: number;
  [field: string]: unknown;
}

/** One sellable combination of a product's options; variant_code is the product_code plus four characters. */
export interface Cafe24ProductVariant {
  shop_no?: number;
  variant_code: string;
  options: Array<{ name: string; value: string }> | null;
  display: Cafe24YesNo;
  selling: Cafe24YesNo;
  additional_amount: string;
  inventories?: Cafe24Inventory;
}

/** GET /api/v2/admin/products element. Fields may be missing when the call asked for `fields`. */
export interface Cafe24Product {
  shop_no: number;
  product_no: number;
  product_code: string;
  custom_product_code: string;
  product_name: string;
  price: string;
  /** "0.00" when the mall set none. */
  retail_price: string;
  supply_price: string;
  display: Cafe24YesNo;
  selling: Cafe24YesNo;
  sold_out: Cafe24YesNo;
  created_date: string;
  updated_date: string;
  /** Present with `embed` containing 'variants'. */
  variants?: Cafe24ProductVariant[];
}

export type Cafe24ProductEmbed = 'variants' | 'inventories';

export interface Cafe24ListProductsParams {
  /** 1..100, Cafe24's default is 10. */
  limit?: number;
  /** At most 5000; not combinable with `sinceProductNo`. */
  offset?: number;
  /** Keyset paging: products with a higher product_no, in product_no order. */
  sinceProductNo?: number;
  productNo?: number[];
  fields?: string[];
  embed?: Cafe24ProductEmbed[];
}

/** `{"error":{"code","message","more_info"}}` on Admin calls. */
export interface Cafe24ApiErrorBody {
  error: { code?: string | number; message?: string; more_info?: unknown };
}

/** `{"error":"invalid_grant","error_description":"..."}` on OAuth calls. */
export interface Cafe24OAuthErrorBody {
  error: string;
  error_description?: string;
}

/** One of the mall's registered carriers (GET /api/v2/admin/carriers): its code is what shipments take. */
export interface Cafe24Carrier {
  shop_no?: number;
  carrier_id: number;
  shipping_carrier_code: string;
  shipping_carrier: string;
  [field: string]: unknown;
}

/** POST /api/v2/admin/orders/{order_id}/shipments `request`: standby (배송대기) or shipping (배송중). */
export interface Cafe24NewShipment {
  tracking_no: string;
  shipping_company_code: string;
  status: 'standby' | 'shipping';
  /** The order's items to ship; all of them when left out. */
  order_item_code?: string[];
}

export interface Cafe24Shipment {
  shop_no?: number;
  shipping_code: string;
  order_id: string;
  order_item_code: string[];
  tracking_no: string;
  shipping_company_code: string;
  status: string;
  [field: string]: unknown;
}

/** One item of a claim write: 품주코드 and quantity. */
export interface Cafe24ClaimItem { order_item_code: string; quantity: number }

/**
 * POST /api/v2/admin/cancellation `requests[]` (Create multiple order cancellations): the seller cancels items,
 * here to complete a buyer's 취소신청 (status `canceled`).
 */
export interface Cafe24CancellationRequest {
  order_id: string;
  status: 'accepted' | 'canceling' | 'canceled';
  recover_inventory?: Cafe24YesNo;
  reason?: string;
  claim_reason_type?: string;
  items: Cafe24ClaimItem[];
}

/** POST /api/v2/admin/return `requests[]` (Create multiple order returns): 반품접수 (accepted) … 반품완료 (returned). */
export interface Cafe24ReturnRequest {
  order_id: string;
  status: 'accepted' | 'processing' | 'returned';
  pickup_completed?: Cafe24YesNo;
  recover_inventory?: Cafe24YesNo;
  reason?: string;
  claim_reason_type?: string;
  items: Cafe24ClaimItem[];
}

/**
 * PUT /api/v2/admin/cancellationrequests and /returnrequests `requests[]` (Reject a … request for multiple items):
 * undone T refuses the buyer's request; reject_reason is shown to the buyer when display_reject_reason is T.
 */
export interface Cafe24RequestRejection {
  order_id: string;
  undone: 'T';
  order_item_code: string[];
  reason_type?: string;
  display_reject_reason?: Cafe24YesNo;
  reject_reason?: string;
}

/** A claim write's answer per order (cancellation / return: with the claim_code; rejections: undone). */
export interface Cafe24ClaimResult {
  shop_no?: number;
  order_id: string;
  status?: string;
  claim_code?: string;
  undone?: string;
  [field: string]: unknown;
}
