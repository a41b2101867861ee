/** Entity sources for the autogenerate tests. */

type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** The example entities, version 1 or 2 (the change a user makes). */
export function entities(dialect: Dialect, version: 1 | 2): string {
  const pg = dialect === 'postgres';
  const enumType = dialect === 'sqlite' ? "'simple-enum'" : "'enum'";
  const jsonType = pg ? "'jsonb'" : dialect === 'mysql' ? "'json'" : "'simple-json'";
  const statuses = version === 1 ? "['draft', 'published']" : "['draft', 'published', 'archived']";
  return `import { Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Column({ type: 'varchar', length: ${version === 1 ? 50 : 120} }) name!: string;
  @Column({ type: ${jsonType}, nullable: true }) profile!: Record<string, unknown> | null;
  @Column({ type: 'boolean', default: false }) admin!: boolean;
${version === 1 ? "  @Column({ type: 'varchar', length: 30, nullable: true }) nickname!: string | null;\n" : "  @Column({ type: 'int', default: 0 }) karma!: number;\n"}  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @OneToMany(() => Post, (p) => p.author) posts!: Post[];
}

@Entity('tags')
export class Tag {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40, unique: true }) name!: string;
}

@Entity('posts')
${version === 2 ? "@Index('ix_posts_status_title', ['status', 'title'])\n" : ''}export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text', default: '' }) body!: string;
  @Column({ type: ${enumType}, enum: ${statuses}, default: 'draft' }) status!: string;
  @ManyToOne(() => User, (u) => u.posts, { onDelete: 'CASCADE' }) author!: User;
  @ManyToMany(() => Tag) @JoinTable() tags!: Tag[];
${version === 2 ? '  @OneToMany(() => Comment, (c) => c.post) comments!: Comment[];\n' : ''}}
${
  version === 2
    ? `
@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text' }) text!: string;
  @ManyToOne(() => Post, (p) => p.comments, { onDelete: 'CASCADE' }) post!: Post;
}
`
    : ''
}`;
}

