"""group work: groups (tables, breakout rooms) with a facilitator link and a help signal;
a participant's group, an idea's group and its promotion to the plenary; the workshop's
promotion limit, message to the group walls and the group presented now

Revision ID: c4e8a2d6f0b3
Revises: b7e5d3f9a1c2
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a2d6f0b3'
down_revision = 'b7e5d3f9a1c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('topic', sa.String(length=200), server_default='', nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('facilitator', sa.String(length=80), server_default='', nullable=False),
    sa.Column('facilitator_salt', sa.String(length=32), nullable=True),
    sa.Column('help_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_workshop_group_question_id_question'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_group_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_group')),
    sa.UniqueConstraint('workshop_id', 'number', name=op.f('uq_workshop_group_workshop_id_number'))
    )
    with op.batch_alter_table('workshop_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_group_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participant_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_participant_group_id_workshop_group'), 'workshop_group', ['group_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('promoted_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idea_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_group_id_workshop_group'), 'workshop_group', ['group_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_promote_limit', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('group_message', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('group_message_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('presenting_group_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('presenting_group_id')
        batch_op.drop_column('group_message_at')
        batch_op.drop_column('group_message')
        batch_op.drop_column('group_promote_limit')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_idea_group_id_workshop_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_idea_group_id'))
        batch_op.drop_column('promoted_at')
        batch_op.drop_column('group_id')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participant_group_id_workshop_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participant_group_id'))
        batch_op.drop_column('group_id')

    op.drop_table('workshop_group')
