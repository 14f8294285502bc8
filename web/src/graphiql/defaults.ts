// What a first-time visitor sees in the API explorer.

export const DEFAULT_QUERY = `# Wallet API explorer
#
# 1. Run "SignIn" below (or "Register") with your own credentials and copy
#    the accessToken from the response.
# 2. Open the Headers tab below and enter:
#      { "Authorization": "Bearer <accessToken>" }
# 3. Run "Me". Press Ctrl+Space for completion; the book icon opens the docs.
#
# Money is always a string with two decimals, e.g. "1250.00".

query Me {
  me {
    id
    username
    displayName
    role
    kyc { status }
    accounts {
      id
      type
      maskedNumber
      currency
      balance
      available
    }
  }
}

mutation SignIn {
  login(username: "your_username", password: "your password") {
    accessToken
    expiresIn
    user { username role }
  }
}

query RecentTransfers {
  transfers(first: 5) {
    totalCount
    edges {
      cursor
      node { reference kind status amount currency createdAt from { username } to { username } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

// No Authorization header by default: a request carrying an empty or wrong
// token is refused whole with 401, which would also break the schema fetch.
export const DEFAULT_HEADERS = `{
}
`;
