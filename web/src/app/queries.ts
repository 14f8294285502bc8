// The GraphQL documents the dashboard sends, and the shapes it reads back.

export type Money = string;
export type AccountType = 'CHECKING' | 'SAVINGS' | 'CREDIT' | 'INVESTMENT';
export type AccountStatus = 'ACTIVE' | 'FROZEN' | 'CLOSED';
export type TransferStatus = 'COMPLETED' | 'PENDING_REVIEW' | 'REJECTED';
export type KycStatus = 'NONE' | 'PENDING' | 'VERIFIED' | 'REJECTED';
export type CardStatus = 'ACTIVE' | 'FROZEN' | 'CANCELLED';
export type DocumentType = 'PASSPORT' | 'PAN' | 'DRIVING_LICENCE' | 'VOTER_ID';

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export interface Account {
  id: string;
  type: AccountType;
  status: AccountStatus;
  currency: string;
  nickname: string | null;
  maskedNumber: string;
  balance: Money;
  available: Money;
  creditLimit: Money;
  createdAt: string;
}

export interface Kyc {
  status: KycStatus;
  aadhaarMasked: string | null;
  documentType: DocumentType | null;
  documentMasked: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface Card {
  id: string;
  kind: 'VIRTUAL' | 'PHYSICAL';
  status: CardStatus;
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  dailyLimit: Money;
  createdAt: string;
  account: { id: string; maskedNumber: string; type: AccountType };
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: 'USER' | 'ADMIN';
  status: string;
  createdAt: string;
  accounts: Account[];
  kyc: Kyc;
  cards: Card[];
}

export interface Transfer {
  id: string;
  reference: string;
  kind: 'TRANSFER' | 'DEPOSIT';
  status: TransferStatus;
  amount: Money;
  currency: string;
  memo: string | null;
  reviewReason: string | null;
  createdAt: string;
  from: PublicUser | null;
  to: PublicUser;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

export interface CashFlowPoint {
  day: string;
  incoming: Money;
  outgoing: Money;
}

const ACCOUNT = 'id type status currency nickname maskedNumber balance available creditLimit createdAt';
const KYC = 'status aadhaarMasked documentType documentMasked submittedAt reviewedAt reviewNote';
const CARD = 'id kind status brand last4 expiryMonth expiryYear dailyLimit createdAt account { id maskedNumber type }';

export const TRANSFER_FIELDS = `fragment TransferFields on Transfer {
  id reference kind status amount currency memo reviewReason createdAt
  from { id username displayName }
  to { id username displayName }
}`;

export const ME = `query Me {
  me {
    id username displayName email role status createdAt
    accounts { ${ACCOUNT} }
    kyc { ${KYC} }
    cards { ${CARD} }
  }
}`;

export const CASH_FLOW = `query CashFlow($days: Int!, $accountId: ID) {
  cashFlow(days: $days, accountId: $accountId) { day incoming outgoing }
}`;

export const TRANSFERS = `query Transfers($filter: TransferFilter, $first: Int!, $after: String) {
  transfers(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { ...TransferFields } }
    pageInfo { hasNextPage endCursor }
  }
}
${TRANSFER_FIELDS}`;

export const ACCOUNT_ENTRIES = `query AccountEntries($id: ID!, $first: Int!, $after: String) {
  account(id: $id) {
    id
    entries(first: $first, after: $after) {
      edges { cursor node { id amount balanceAfter at transfer { id reference memo kind status from { username displayName } to { username displayName } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const USERS_SEARCH = `query Payees($search: String!) {
  users(search: $search, first: 8) { edges { node { id username displayName } } }
}`;

export const TRANSFER = `mutation Transfer($input: TransferInput!) {
  transfer(input: $input) { ...TransferFields }
}
${TRANSFER_FIELDS}`;

export const OPEN_ACCOUNT = `mutation OpenAccount($input: OpenAccountInput!) {
  openAccount(input: $input) { ${ACCOUNT} }
}`;

export const SUBMIT_KYC = `mutation SubmitKyc($input: KycInput!) {
  submitKyc(input: $input) { ${KYC} }
}`;

export const REVEAL_AADHAAR = `mutation RevealAadhaar { revealAadhaar }`;

export const ISSUE_CARD = `mutation IssueCard($input: IssueCardInput!) {
  issueCard(input: $input) { number cvv card { ${CARD} } }
}`;

export const SET_CARD_STATUS = `mutation SetCardStatus($cardId: ID!, $status: CardStatus!) {
  setCardStatus(cardId: $cardId, status: $status) { ${CARD} }
}`;

export const CHANGE_PASSWORD = `mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
}`;

// ---- ADMIN ----

export interface AdminUser {
  id: string;
  username: string;
  email: string;
  displayName: string;
  role: 'USER' | 'ADMIN';
  status: 'ACTIVE' | 'LOCKED' | 'DISABLED';
  createdAt: string;
  kyc: Kyc;
  accounts: Account[];
}

export const ADMIN_USERS = `query AdminUsers($search: String, $first: Int!, $after: String) {
  adminUsers(search: $search, first: $first, after: $after) {
    edges { cursor node { id username email displayName role status createdAt kyc { ${KYC} } accounts { ${ACCOUNT} } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const UNLOCK_USER = `mutation UnlockUser($userId: ID!) { unlockUser(userId: $userId) { id status } }`;

export const REVIEW_KYC = `mutation ReviewKyc($userId: ID!, $decision: KycDecision!, $note: String) {
  reviewKyc(userId: $userId, decision: $decision, note: $note) { ${KYC} }
}`;

export const SET_ACCOUNT_STATUS = `mutation SetAccountStatus($accountId: ID!, $status: AccountStatus!, $reason: String!) {
  setAccountStatus(accountId: $accountId, status: $status, reason: $reason) { ${ACCOUNT} }
}`;

export const REVIEW_TRANSFER = `mutation ReviewTransfer($transferId: ID!, $approve: Boolean!, $note: String) {
  reviewTransfer(transferId: $transferId, approve: $approve, note: $note) { ...TransferFields }
}
${TRANSFER_FIELDS}`;

export const DEPOSIT = `mutation Deposit($input: DepositInput!) {
  deposit(input: $input) { ...TransferFields }
}
${TRANSFER_FIELDS}`;

export interface AuditEntry {
  id: string;
  at: string;
  actor: PublicUser | null;
  action: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  details: string;
  hash: string;
}

export const AUDIT_LOG = `query AuditLog($action: String, $actorId: ID, $first: Int!, $after: String) {
  auditLog(action: $action, actorId: $actorId, first: $first, after: $after) {
    edges { cursor node { id at action targetId requestId ip details hash actor { id username displayName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const VERIFY_AUDIT = `query VerifyAuditLog { verifyAuditLog { ok checked firstBrokenId } }`;

export interface SystemStatus {
  version: string;
  uptimeSeconds: number;
  databaseOk: boolean;
  requestsTotal: number;
  chaos: { enabled: boolean; errorRate: number; latencyMs: number };
}

export const SYSTEM_STATUS = `query SystemStatus {
  systemStatus { version uptimeSeconds databaseOk requestsTotal chaos { enabled errorRate latencyMs } }
}`;

export const SET_CHAOS = `mutation SetChaos($input: ChaosInput!) {
  setChaos(input: $input) { enabled errorRate latencyMs }
}`;
