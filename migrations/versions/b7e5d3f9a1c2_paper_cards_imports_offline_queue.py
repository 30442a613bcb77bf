"""paper cards, imports, offline queue: where an idea came from, its own key, the name on a
card, sticker dots; the phones' queue reports; the paper-card link; files between preview
and import

Revision ID: b7e5d3f9a1c2
Revises: a9d4e2c7b1f6
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e5d3f9a1c2'
down_revision = 'a9d4e2c7b1f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=12), server_default='phone', nullable=False))
        batch_op.add_column(sa.Column('source_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('author', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('paper_votes', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_idea_workshop_id_source_key'), ['workshop_id', 'source_key'])

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_waiting', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('queue_reported_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cards_salt', sa.String(length=32), nullable=True))

    op.create_table('pending_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['moderator.id'], name=op.f('fk_pending_import_moderator_id_moderator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_pending_import_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_import')),
    sa.UniqueConstraint('token', name=op.f('uq_pending_import_token'))
    )
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_import_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_import_workshop_id'))
    op.drop_table('pending_import')

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('cards_salt')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('queue_reported_at')
        batch_op.drop_column('queue_waiting')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_idea_workshop_id_source_key'), type_='unique')
        batch_op.drop_column('paper_votes')
        batch_op.drop_column('author')
        batch_op.drop_column('source_key')
        batch_op.drop_column('source_name')
        batch_op.drop_column('source')
