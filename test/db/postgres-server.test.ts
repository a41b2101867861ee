import { expect } from 'chai';
import { freshDatabase } from '../helpers/postgres';

describe('test PostgreSQL server', () => {
  it('gives each test a separate, empty database on a real server', async () => {
    const one = await freshDatabase();
    const two = await freshDatabase();
    try {
      expect(one.name).to.not.equal(two.name);
      expect(one.serverVersion).to.be.at.least(13);
      await one.query('CREATE TABLE only_here (id int)');
      const inOne = await one.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'only_here'");
      const inTwo = await two.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'only_here'");
      expect(Number(inOne[0].n)).to.equal(1);
      expect(Number(inTwo[0].n)).to.equal(0);
    } finally {
      await one.drop();
      await two.drop();
    }
  });
});
