"""processes (Beteiligungsprozesse) with a shared catalogue of Handlungsfelder; what became
of a measure (stage, reason, public update, milestones); the final vote choosing a project

Revision ID: d5f9b3e7a1c4
Revises: c4e8a2d6f0b3
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f9b3e7a1c4'
down_revision = 'c4e8a2d6f0b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('process',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['moderator.id'], name=op.f('fk_process_owner_id_moderator'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process')),
    sa.UniqueConstraint('slug', name=op.f('uq_process_slug'))
    )
    with op.batch_alter_table('process', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_owner_id'), ['owner_id'], unique=False)

    op.create_table('process_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('catch_all', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['process.id'], name=op.f('fk_process_field_process_id_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_field'))
    )
    with op.batch_alter_table('process_field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_field_process_id'), ['process_id'], unique=False)

    op.create_table('project_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('points_per_voter', sa.Integer(), nullable=False),
    sa.Column('winners', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['process.id'], name=op.f('fk_project_choice_process_id_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_choice')),
    sa.UniqueConstraint('code', name=op.f('uq_project_choice_code'))
    )
    with op.batch_alter_table('project_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_choice_process_id'), ['process_id'], unique=False)

    op.create_table('project_ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=False),
    sa.Column('voter', sa.String(length=64), nullable=False),
    sa.Column('marks', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['choice_id'], ['project_choice.id'], name=op.f('fk_project_ballot_choice_id_project_choice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_ballot')),
    sa.UniqueConstraint('choice_id', 'voter', name=op.f('uq_project_ballot_choice_id_voter'))
    )
    with op.batch_alter_table('project_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_ballot_choice_id'), ['choice_id'], unique=False)

    op.create_table('measure_milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_milestone_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_milestone'))
    )
    with op.batch_alter_table('measure_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_milestone_measure_id'), ['measure_id'], unique=False)

    op.create_table('project_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['choice_id'], ['project_choice.id'], name=op.f('fk_project_candidate_choice_id_project_choice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_project_candidate_idea_id_idea'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_project_candidate_measure_id_measure'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_candidate'))
    )
    with op.batch_alter_table('project_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_candidate_choice_id'), ['choice_id'], unique=False)

    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_field_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_field_process_field_id'), ['process_field_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_field_process_field_id_process_field'), 'process_field', ['process_field_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=12), server_default='idee', nullable=False))
        batch_op.add_column(sa.Column('stage_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('public_update', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('is_public', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('stage_changed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_process_id'), ['process_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_workshop_process_id_process'), 'process', ['process_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshop_process_id_process'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshop_process_id'))
        batch_op.drop_column('process_id')

    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('stage_changed_at')
        batch_op.drop_column('is_public')
        batch_op.drop_column('public_update')
        batch_op.drop_column('stage_reason')
        batch_op.drop_column('stage')

    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_field_process_field_id_process_field'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_field_process_field_id'))
        batch_op.drop_column('process_field_id')

    with op.batch_alter_table('project_candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_candidate_choice_id'))

    op.drop_table('project_candidate')
    with op.batch_alter_table('measure_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_milestone_measure_id'))

    op.drop_table('measure_milestone')
    with op.batch_alter_table('project_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_ballot_choice_id'))

    op.drop_table('project_ballot')
    with op.batch_alter_table('project_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_choice_process_id'))

    op.drop_table('project_choice')
    with op.batch_alter_table('process_field', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_field_process_id'))

    op.drop_table('process_field')
    with op.batch_alter_table('process', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_owner_id'))

    op.drop_table('process')
