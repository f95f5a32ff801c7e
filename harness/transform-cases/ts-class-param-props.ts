// TypeScript parameter properties, declare fields, types on fields: the check comes first.
class Account {
  declare kind: string;
  balance: number = 0;
  static bank: Account | undefined = new Account("bank", 1);
  constructor(public readonly owner: string, private limit: number) {}
  deposit(amount: number): this {
    this.balance += amount;
    return this;
  }
  get remaining(): number {
    return this.limit - this.balance;
  }
}

module.exports = { Account };
