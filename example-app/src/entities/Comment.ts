import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Post } from './Post';
import { User } from './User';

@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'text' })
  body: string;

  /** Deleting a post deletes its comments. */
  @ManyToOne(() => Post, (post) => post.comments, { nullable: false, onDelete: 'CASCADE' })
  post: Post;

  /** Deleting a user keeps their comments, anonymous. */
  @ManyToOne(() => User, (user) => user.comments, { nullable: true, onDelete: 'SET NULL' })
  author: User | null;

  @CreateDateColumn()
  createdAt: Date;
}
